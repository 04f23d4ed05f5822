#!/bin/bash
# tests/wifi/case_enroll.sh - `wsc sta` enrolling over the air with Debian's
# hostapd (wlan0, WPA2-PSK, channel 1), the station on wlan1:
#   pbc        hostapd wps_pbc; wsc sta --pbc --save F --save-nm D --save-iwd D
#              gets the AP's SSID and passphrase; F is byte for byte the
#              wpa_supplicant block; wpa_supplicant given only F associates
#              with WPA2-PSK (the 4-way handshake proves the key)
#   nm, iwd    the NetworkManager keyfile (mode 0600) and the iwd profile
#              parsed back with GLib's key-file parser
#   pin        hostapd wps_pin any 12345670; wsc sta --pin 12345670; the
#              saved file again makes wpa_supplicant associate
#   wrong-pin  hostapd armed with 12345670, wsc sta --pin 87654325: WPS-FAIL
#              config_error=18 (device password authentication failure),
#              exit 1, no file written
#   ctrl       wsc sta --pbc --ctrl DIR with no AP armed: wpa_cli status says
#              wpa_state=SCANNING while it scans, wps_cancel ends it at once
#              (WPS-CANCEL, exit 1)
#   frames     the capture shows our Probe Requests and Association Request
#              carrying the WPS element, no RSN element in the latter, and
#              our Deauthentication (reason 3, leaving) after each run
# wifi-radios: 2
# wifi-timeout: 240
set -u
. "$(dirname "$0")/guest_lib.sh"

PASS_AP=enroll-secret-42
require_wsc enroll || exit 1
trap stop_all EXIT
d=$(wifi_case_dir files)
capture_start "$WIFI_LOGDIR/air.pcap" || fail frames "no capture on hwsim0"
wps_ap_conf /tmp/enroll-ap.conf wlan0 "wpa_passphrase=$PASS_AP"
start_hostapd /tmp/enroll-ap.conf || { fail enroll "hostapd did not start"; exit 1; }
ip link set wlan1 up   # wsc sta needs the interface up, as it says
BSSID=$(iface_mac wlan0)
STA_MAC=$(iface_mac wlan1)

# wpa_associates NAME FILE: wpa_supplicant with nothing but FILE reaches
# COMPLETED with WPA2-PSK on wsc-test and hostapd reports the station
wpa_associates() {
	local name=$1 file=$2 km ssid
	start_wpas wlan1 "$file" -O "$WPAS_CTRL" || { fail "$name" "wpa_supplicant did not start on $file"; return 1; }
	if ! wait_wpa_state COMPLETED 40; then
		fail "$name" "wpa_supplicant with the saved file: wpa_state=$(wpa_status_field wpa_state)"
		stop_pid "$WPAS_PID"; return 1
	fi
	km=$(wpa_status_field key_mgmt) ssid=$(wpa_status_field ssid)
	local sta; sta=$(hapd_cli sta "$STA_MAC" 2>/dev/null)
	stop_pid "$WPAS_PID"
	if [ "$km" != WPA2-PSK ] || [ "$ssid" != wsc-test ]; then
		fail "$name" "associated with key_mgmt=$km ssid=$ssid"; return 1
	fi
	if ! grep -q '^flags=.*\[AUTHORIZED\]' <<<"$sta"; then
		fail "$name" "hostapd does not list $STA_MAC as authorized"; return 1
	fi
	pass "$name" "wpa_supplicant associated (WPA2-PSK, authorized by hostapd) from $file alone"
}

printf 'network={\n\tssid="wsc-test"\n\tproto=RSN\n\tkey_mgmt=WPA-PSK\n\tpairwise=CCMP\n\tpsk="%s"\n}\n' \
	"$PASS_AP" >"$d/expected.conf"

# ---- control socket while scanning ------------------------------------------------
"$WSC_BIN" sta -i wlan1 --pbc --walk-time 60 --ctrl /run/wsc-sta >"$d/ctrl.out" 2>"$d/ctrl.err" &
pid=$!
track_pid "$pid"
if wait_until 5 test -S /run/wsc-sta/wlan1; then
	st=$(wpa_cli -p /run/wsc-sta -i wlan1 status 2>&1)
	t0=$(_now_ms)
	r=$(wpa_cli -p /run/wsc-sta -i wlan1 wps_cancel 2>&1)
	wait "$pid"; rc=$?
	dt=$(($(_now_ms) - t0))
	if grep -qx 'wpa_state=SCANNING' <<<"$st" && [ "$r" = OK ] && [ "$rc" = 1 ] &&
		grep -qx WPS-CANCEL "$d/ctrl.out" && [ "$dt" -lt 3000 ]; then
		pass ctrl "wpa_cli: status wpa_state=SCANNING; wps_cancel -> OK, WPS-CANCEL, exit 1 after ${dt} ms"
	else
		fail ctrl "status: $(tr '\n' '|' <<<"$st") cancel: $r rc=$rc after ${dt} ms: $(tr '\n' '|' <"$d/ctrl.out")"
	fi
else
	fail ctrl "no control socket /run/wsc-sta/wlan1"
fi

# ---- pbc --------------------------------------------------------------------
mkdir -p "$d/nm" "$d/iwd"
r=$(hapd_cli wps_pbc)
[ "$r" = OK ] || fail pbc "hostapd_cli wps_pbc -> $r"
"$WSC_BIN" sta -i wlan1 --pbc --save "$d/pbc.conf" --save-nm "$d/nm" \
	--save-iwd "$d/iwd" --show-keys --walk-time 60 >"$d/pbc.out" 2>"$d/pbc.err"
rc=$?
if [ "$rc" = 0 ] && grep -qx "credential: ssid=\"wsc-test\" auth=WPA2PSK encr=CCMP key=\"$PASS_AP\"" "$d/pbc.out"; then
	pass pbc "wsc sta --pbc: credential ssid=wsc-test key=$PASS_AP"
else
	fail pbc "wsc sta --pbc rc=$rc: $(tr '\n' '|' <"$d/pbc.out") $(tr '\n' '|' <"$d/pbc.err")"
fi
if cmp -s "$d/pbc.conf" "$d/expected.conf"; then
	pass pbc-file "--save wrote the wpa_supplicant block byte for byte"
else
	fail pbc-file "--save wrote: $(od -c "$d/pbc.conf" 2>&1 | head -n 8)"
fi
[ "$(stat -c %a "$d/pbc.conf" 2>/dev/null)" = 600 ] && pass pbc-mode "saved file mode 0600" ||
	fail pbc-mode "saved file mode $(stat -c %a "$d/pbc.conf" 2>&1)"
grep -q "associated with $BSSID" "$d/pbc.err" && pass pbc-bssid "associated with the AP $BSSID" ||
	fail pbc-bssid "no association with $BSSID in the log"
[ -s "$d/pbc.conf" ] && wpa_associates pbc-associate "$d/pbc.conf"

# ---- NetworkManager and iwd files -----------------------------------------------
nmf="$d/nm/wsc-test.nmconnection"
out=$(/usr/bin/python3 - "$nmf" <<'EOF' 2>&1
import sys, gi
gi.require_version('GLib', '2.0')
from gi.repository import GLib
k = GLib.KeyFile()
k.load_from_file(sys.argv[1], GLib.KeyFileFlags.NONE)
g = lambda s, n: k.get_string(s, n)
print(g('connection', 'id'), g('connection', 'type'), g('wifi', 'mode'),
      g('wifi', 'ssid'), g('wifi-security', 'key-mgmt'), g('wifi-security', 'psk'),
      g('ipv4', 'method'), len(g('connection', 'uuid')))
EOF
)
if [ "$out" = "wsc-test wifi infrastructure wsc-test wpa-psk $PASS_AP auto 36" ] &&
	[ "$(stat -c %a "$nmf")" = 600 ]; then
	pass nm "NetworkManager keyfile $nmf (0600) parses back: $out"
else
	fail nm "keyfile $(stat -c %a "$nmf" 2>&1): $out"
fi
iwdf="$d/iwd/wsc-test.psk"
out=$(/usr/bin/python3 - "$iwdf" <<'EOF' 2>&1
import sys, gi
gi.require_version('GLib', '2.0')
from gi.repository import GLib
k = GLib.KeyFile()
k.load_from_file(sys.argv[1], GLib.KeyFileFlags.NONE)
print(k.get_string('Security', 'Passphrase'))
EOF
)
[ "$out" = "$PASS_AP" ] && [ "$(stat -c %a "$iwdf")" = 600 ] &&
	pass iwd "iwd profile $iwdf (0600) parses back: Passphrase=$out" ||
	fail iwd "iwd profile: $out $(ls -l "$d/iwd" 2>&1)"

# ---- pin --------------------------------------------------------------------
r=$(hapd_cli wps_pin any 12345670)
[ "$r" = OK ] || fail pin "hostapd_cli wps_pin -> $r"
"$WSC_BIN" sta -i wlan1 --pin 12345670 --save "$d/pin.conf" --walk-time 60 \
	>"$d/pin.out" 2>"$d/pin.err"; rc=$?
if [ "$rc" = 0 ] && grep -qx 'credential: ssid="wsc-test" auth=WPA2PSK encr=CCMP key=\[hidden, 16 characters\]' "$d/pin.out" &&
	cmp -s "$d/pin.conf" "$d/expected.conf"; then
	pass pin "wsc sta --pin 12345670: credential saved"
	wpa_associates pin-associate "$d/pin.conf"
else
	fail pin "rc=$rc $(tr '\n' '|' <"$d/pin.out") $(tr '\n' '|' <"$d/pin.err")"
fi

# ---- wrong PIN ----------------------------------------------------------------
r=$(hapd_cli wps_pin any 12345670)
"$WSC_BIN" sta -i wlan1 --pin 87654325 --save "$d/wrong.conf" --walk-time 60 \
	>"$d/wrong.out" 2>"$d/wrong.err"; rc=$?
if [ "$rc" = 1 ] && grep -qE '^WPS-FAIL msg=[0-9]+ config_error=18$' "$d/wrong.out" &&
	[ ! -e "$d/wrong.conf" ] && ! grep -q '^credential' "$d/wrong.out"; then
	pass wrong-pin "wrong PIN: $(grep WPS-FAIL "$d/wrong.out"), exit 1, nothing saved"
else
	fail wrong-pin "rc=$rc saved=$([ -e "$d/wrong.conf" ] && echo yes || echo no) $(tr '\n' '|' <"$d/wrong.out")"
fi
hapd_cli wps_cancel >/dev/null

# ---- frames -----------------------------------------------------------------
capture_stop
if command -v tshark >/dev/null; then
	preq=$(tshark -r "$WIFI_LOGDIR/air.pcap" -Y "wlan.fc.type_subtype == 4 && wlan.sa == $STA_MAC && wps.version" 2>/dev/null | wc -l)
	areq=$(tshark -r "$WIFI_LOGDIR/air.pcap" -Y "wlan.fc.type_subtype == 0 && wlan.sa == $STA_MAC && wps.request_type && !wlan.rsn.version" 2>/dev/null | wc -l)
	deauth=$(tshark -r "$WIFI_LOGDIR/air.pcap" -Y "wlan.fc.type_subtype == 12 && wlan.sa == $STA_MAC && wlan.fixed.reason_code == 3" 2>/dev/null | wc -l)
	rsn=$(tshark -r "$WIFI_LOGDIR/air.pcap" -Y "wlan.fc.type_subtype == 0 && wlan.sa == $STA_MAC && wlan.rsn.version" 2>/dev/null | wc -l)
	# wpa_supplicant's WPA2 associations carry RSN; ours (3 runs) must not
	if [ "$preq" -gt 0 ] && [ "$areq" -ge 3 ] && [ "$deauth" -ge 3 ]; then
		pass frames "tshark: $preq WPS Probe Requests, $areq WPS Association Requests without RSN ($rsn with RSN: wpa_supplicant's), $deauth Deauthentications (leaving) from the station, ours and wpa_supplicant's"
	else
		fail frames "tshark: probe requests with WPS $preq, WPS association requests without RSN $areq, deauthentications reason 3 $deauth"
	fi
else
	fail frames "tshark missing"
fi
[ "$WIFI_FAILS" -eq 0 ]
