#!/bin/bash
# One wpa_supplicant 2.10 WPS enrollee run on a wired port, for scripts that
# cannot call the suite's functions (ctrl_client.py's "!" lines):
#   wpas_once.sh NS IFACE MAC PHASE1 DIR [TIMEOUT=10]
# sets IFACE's address to MAC (a new enrollee), runs wpa_supplicant -Dwired
# with a WSC network block (phase1=PHASE1, e.g. pbc=1 or pin=12345670) until
# its EAP run ends (success or failure) or TIMEOUT seconds pass, stops it.
# Log: DIR/wpas-MAC.log. Exit 0 on WPS-SUCCESS, 1 otherwise.
set -u
ns=$1 ifc=$2 mac=$3 phase1=$4 dir=$5 to=${6:-10}
conf="$dir/wpas-${mac//:/}.conf" log="$dir/wpas-${mac//:/}.log"
ip -n "$ns" link set "$ifc" address "$mac" || exit 2
cat >"$conf" <<CONF
ap_scan=0
eapol_version=2
device_name=wsc-events-sta
manufacturer=wsc
model_name=wpa_supplicant
model_number=2.10
serial_number=3
device_type=1-0050F204-1
config_methods=display push_button keypad
network={
	key_mgmt=IEEE8021X
	eap=WSC
	eapol_flags=0
	identity="WFA-SimpleConfig-Enrollee-1-0"
	phase1="$phase1"
}
CONF
: >"$log"
ip netns exec "$ns" wpa_supplicant -Dwired -i "$ifc" -c "$conf" -dd -t -f "$log" &
pid=$!
rc=1
for ((i = 0; i < to * 20; i++)); do
    # the run ends with the AP's EAP-Failure, after WSC_Done too
    grep -Eq 'CTRL-EVENT-EAP-FAILURE|WPS-FAIL' "$log" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
done
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
grep -q 'WPS-SUCCESS' "$log" && rc=0
exit $rc
