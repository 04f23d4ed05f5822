#!/bin/bash
# tests/wifi/case_two_aps.sh - the station's choice with two hostapd APs in
# range: A (wlan0, wsc-a, channel 1) and B (wlan1, wsc-b, channel 11,
# ap_setup_locked=1); the station on wlan2 scans every channel.
#   one-device one hostapd process serving both radios is one device: it
#              clones one UUID to both and arms both with one wps_pbc; two
#              BSSIDs in push-button mode with one UUID-E are no overlap,
#              the station enrolls
# Then A and B run as two hostapd processes, two devices:
#   one-armed  only B in push-button mode: wsc sta --pbc enrolls with B
#   overlap    both in push-button mode: WPS-OVERLAP-DETECTED, exit 1,
#              nothing saved, neither AP sees an association
#   scan       wsc scan --json while both are in push-button mode:
#              pbc_overlap true; the text view warns
#   scan-states A armed with a PIN, B idle and locked: wsc scan --json
#              lists both with channel, SSID, version, configured, locked,
#              selected registrar and mode, device name, manufacturer, model
#   authorized A armed for another station (AuthorizedMACs), B for ours:
#              wsc sta --pin enrolls with B although A is heard too
#   reg-one    wsc sta --reg with A open and B locked: A is the one
#              registrar candidate, its settings learned without --bssid
# wifi-radios: 3
# wifi-timeout: 300
set -u
. "$(dirname "$0")/guest_lib.sh"

require_wsc two_aps || exit 1
trap stop_all EXIT
d=$(wifi_case_dir files)
ip link set wlan2 up
A=$(iface_mac wlan0) B=$(iface_mac wlan1) STA_MAC=$(iface_mac wlan2)
wps_ap_conf /tmp/two-a.conf wlan0 ssid=wsc-a channel=1 wpa_passphrase=secret-of-a-1 \
	device_name=ap-a model_name=model-a ap_pin=12345670
wps_ap_conf /tmp/two-b.conf wlan1 ssid=wsc-b channel=11 wpa_passphrase=secret-of-b-2 \
	device_name=ap-b model_name=model-b ap_setup_locked=1
cli_a() { hostapd_cli -p "$HAPD_CTRL" -i wlan0 "$@"; }
cli_b() { hostapd_cli -p "$HAPD_CTRL" -i wlan1 "$@"; }
b_enabled() { cli_b status 2>/dev/null | grep -qx state=ENABLED; }

# ---- one device, two radios --------------------------------------------------------
start_hostapd /tmp/two-a.conf /tmp/two-b.conf || { fail one-device "hostapd did not start"; exit 1; }
wait_until 15 b_enabled || fail one-device "wlan1 not enabled"
cli_a wps_pbc >/dev/null
"$WSC_BIN" scan -i wlan2 --json --scans 4 >"$d/dev-scan.json" 2>&1   # TCG: a beacon can miss two scans
seen=$(/usr/bin/python3 - "$d/dev-scan.json" <<'EOF' 2>&1
import json, sys
j = json.load(open(sys.argv[1]))
print(j['pbc_overlap'], len({a['uuid'] for a in j['aps']}), sorted(a['mode'] for a in j['aps']))
EOF
)
[ "$seen" = "False 1 ['PBC', 'PBC']" ] || fail one-device "wsc scan saw: $seen"
"$WSC_BIN" sta -i wlan2 --pbc --walk-time 60 >"$d/dev.out" 2>"$d/dev.err"; rc=$?
if [ "$rc" = 0 ] && grep -q '^credential: ssid="wsc-[ab]"' "$d/dev.out" &&
	! grep -q OVERLAP "$d/dev.out"; then
	pass one-device "two radios of one hostapd in PBC mode, one UUID-E: no overlap, enrolled"
else
	fail one-device "rc=$rc $(tr '\n' '|' <"$d/dev.out") $(tr '\n' '|' <"$d/dev.err")"
fi
stop_all

# ---- two devices ---------------------------------------------------------------------
start_hostapd /tmp/two-a.conf || { fail two_aps "hostapd A did not start"; exit 1; }
LOG_A=$HAPD_LOG
start_hostapd /tmp/two-b.conf || { fail two_aps "hostapd B did not start"; exit 1; }
LOG_B=$HAPD_LOG
assoc_count() { cat "$LOG_A" "$LOG_B" | grep -c "STA $STA_MAC IEEE 802.11: associated"; }

# ---- one armed ----------------------------------------------------------------
cli_b wps_pbc >/dev/null
"$WSC_BIN" sta -i wlan2 --pbc --save "$d/one.conf" --walk-time 60 >"$d/one.out" 2>"$d/one.err"; rc=$?
if [ "$rc" = 0 ] && grep -q '^credential: ssid="wsc-b"' "$d/one.out" &&
	grep -q "associated with $B" "$d/one.err" && ! grep -q "associated with $A" "$d/one.err"; then
	pass one-armed "PBC with only B armed: enrolled with B ($B), A untouched"
else
	fail one-armed "rc=$rc $(tr '\n' '|' <"$d/one.out") $(tr '\n' '|' <"$d/one.err")"
fi

# ---- overlap --------------------------------------------------------------------
cli_a wps_pbc >/dev/null
cli_b wps_pbc >/dev/null
n0=$(assoc_count)
"$WSC_BIN" sta -i wlan2 --pbc --save "$d/overlap.conf" --walk-time 60 >"$d/overlap.out" 2>"$d/overlap.err"; rc=$?
if [ "$rc" = 1 ] && grep -qx 'WPS-OVERLAP-DETECTED' "$d/overlap.out" &&
	grep -q 'PBC session overlap' "$d/overlap.err" && [ ! -e "$d/overlap.conf" ] &&
	! grep -q '^credential' "$d/overlap.out" && [ "$(assoc_count)" = "$n0" ]; then
	pass overlap "two APs in push-button mode: WPS-OVERLAP-DETECTED, exit 1, no association, nothing saved"
else
	fail overlap "rc=$rc assoc $n0 -> $(assoc_count): $(tr '\n' '|' <"$d/overlap.out") $(tr '\n' '|' <"$d/overlap.err")"
fi

# ---- scan while both are in push-button mode ---------------------------------------
"$WSC_BIN" scan -i wlan2 --scans 4 --json >"$d/scan-pbc.json" 2>"$d/scan-pbc.err"; rc=$?
"$WSC_BIN" scan -i wlan2 --scans 4 >"$d/scan-pbc.txt" 2>&1
out=$(/usr/bin/python3 - "$d/scan-pbc.json" <<'EOF' 2>&1
import json, sys
j = json.load(open(sys.argv[1]))
print(j['pbc_overlap'], sorted((a['ssid'], a['mode']) for a in j['aps']))
EOF
)
if [ "$rc" = 0 ] && [ "$out" = "True [('wsc-a', 'PBC'), ('wsc-b', 'PBC')]" ] &&
	grep -q '^warning: PBC session overlap' "$d/scan-pbc.txt"; then
	pass scan-overlap "wsc scan: both in PBC mode, pbc_overlap true, the text view warns"
else
	fail scan-overlap "rc=$rc $out $(tr '\n' '|' <"$d/scan-pbc.err")"
fi
cli_a wps_cancel >/dev/null
cli_b wps_cancel >/dev/null

# ---- scan: states ----------------------------------------------------------------
cli_a wps_pin any 12345670 >/dev/null
"$WSC_BIN" scan -i wlan2 --scans 4 --json >"$d/scan.json" 2>"$d/scan.err"; rc=$?
"$WSC_BIN" scan -i wlan2 --scans 4 >"$d/scan.txt" 2>&1
out=$(/usr/bin/python3 - "$d/scan.json" "$A" "$B" <<'EOF' 2>&1
import json, sys
j = json.load(open(sys.argv[1]))
aps = {a['bssid']: a for a in j['aps']}
for mac in sys.argv[2:]:
    a = aps[mac]
    print(a['ssid'], a['channel'], a['wps_version'], a['configured'], a['locked'],
          a['selected_registrar'], a['mode'], a['device_name'], a['manufacturer'],
          a['model_name'], a['signal_dbm'] < 0)
print(j['pbc_overlap'])
EOF
)
want="wsc-a 1 2.0 True False True PIN ap-a wsc model-a True
wsc-b 11 2.0 True True False None ap-b wsc model-b True
False"
if [ "$rc" = 0 ] && [ "$out" = "$want" ] && grep -q "^$A .* PIN .*wsc-a" "$d/scan.txt" &&
	! grep -q '^warning' "$d/scan.txt"; then
	pass scan-states "wsc scan lists A (PIN armed) and B (locked, idle) with their states"
else
	fail scan-states "rc=$rc got: $(tr '\n' '|' <<<"$out") $(tr '\n' '|' <"$d/scan.txt")"
fi
cli_a wps_cancel >/dev/null

# ---- AuthorizedMACs -------------------------------------------------------------
cli_a wps_pin any 11111115 0 02:11:22:33:44:55 >/dev/null
cli_b wps_pin any 11111115 0 "$STA_MAC" >/dev/null
"$WSC_BIN" sta -i wlan2 --pin 11111115 --walk-time 60 >"$d/auth.out" 2>"$d/auth.err"; rc=$?
if [ "$rc" = 0 ] && grep -q '^credential: ssid="wsc-b"' "$d/auth.out" &&
	! grep -q "associated with $A" "$d/auth.err"; then
	pass authorized "PIN: B lists us in AuthorizedMACs, A lists another: enrolled with B only"
else
	fail authorized "rc=$rc $(tr '\n' '|' <"$d/auth.out") $(tr '\n' '|' <"$d/auth.err")"
fi
cli_a wps_cancel >/dev/null
cli_b wps_cancel >/dev/null

# ---- registrar: which AP ------------------------------------------------------------
# B is locked, so only A is a candidate: the registrar needs no --bssid
"$WSC_BIN" sta -i wlan2 --reg 12345670 --show-keys --walk-time 60 >"$d/reg.out" 2>"$d/reg.err"; rc=$?
if [ "$rc" = 0 ] && grep -qx 'credential: ssid="wsc-a" auth=WPA2PSK encr=CCMP key="secret-of-a-1"' "$d/reg.out"; then
	pass reg-one "--reg with A open and B locked: learned A's settings"
else
	fail reg-one "rc=$rc $(tr '\n' '|' <"$d/reg.out") $(tr '\n' '|' <"$d/reg.err")"
fi
[ "$WIFI_FAILS" -eq 0 ]
