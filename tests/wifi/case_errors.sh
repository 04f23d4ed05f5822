#!/bin/bash
# tests/wifi/case_errors.sh - what `wsc sta` and `wsc scan` say when Wi-Fi
# cannot work, each a clear error and exit 1 (2 for bad arguments), no
# file written:
#   not-wireless  -i lo with --bssid, and wsc scan -i lo
#   down          wlan1 down
#   rfkill        wlan1's radio soft-blocked
#   not-permitted run as nobody (no CAP_NET_ADMIN / CAP_NET_RAW)
#   no-ap         hostapd with WPS idle: --pbc finds no AP in push-button mode
#                 (and says so in a JSON line with --json)
#   m2d-only      hostapd with WPS idle: --pin runs, gets M2D, "M2D only"
#   bad-bssid     --bssid nonsense: exit 2; bad --scans, an extra argument,
#                 an unknown --new-auth, TKIP alone: exit 2, nothing done
#   bssid-filter  --bssid of an AP that is not there: no WPS AP found
# wifi-radios: 2
# wifi-timeout: 200
set -u
. "$(dirname "$0")/guest_lib.sh"

require_wsc errors || exit 1
trap stop_all EXIT
d=$(wifi_case_dir files)

# expect NAME RC REGEX CMD...: CMD exits RC, its stderr matches REGEX, no
# file "$d/NAME.conf"
expect() {
	local name=$1 want=$2 re=$3; shift 3
	"$@" >"$d/$name.out" 2>"$d/$name.err"; local rc=$?
	if [ "$rc" = "$want" ] && grep -qE -- "$re" "$d/$name.err" && [ ! -e "$d/$name.conf" ]; then
		pass "$name" "exit $rc: $(grep -E -- "$re" "$d/$name.err" | head -n1)"
	else
		fail "$name" "exit $rc (want $want), stderr: $(tr '\n' '|' <"$d/$name.err")"
	fi
}

expect not-wireless 1 '^wsc sta: --bssid: lo is not a wireless interface$' \
	"$WSC_BIN" sta -i lo --pbc --bssid 02:00:00:00:00:00 --save "$d/not-wireless.conf"
expect scan-not-wireless 1 '^wsc scan: lo: not a wireless interface$' "$WSC_BIN" scan -i lo
expect scan-no-iface 1 '^wsc scan: wlan9: no such interface$' "$WSC_BIN" scan -i wlan9

ip link set wlan1 down
expect down 1 '^wsc sta: wlan1: interface is down \(ip link set wlan1 up\)$' \
	"$WSC_BIN" sta -i wlan1 --pbc --save "$d/down.conf"
ip link set wlan1 up

idx=$(cat /sys/class/net/wlan1/phy80211/rfkill*/index 2>/dev/null | head -n1)
if [ -n "$idx" ] && rfkill block "$idx"; then
	expect rfkill 1 '^wsc sta: wlan1: radio blocked by rfkill \(soft\); rfkill unblock wifi$' \
		"$WSC_BIN" sta -i wlan1 --pbc --save "$d/rfkill.conf"
	expect scan-rfkill 1 'rfkill' "$WSC_BIN" scan -i wlan1
	rfkill unblock "$idx"
else
	fail rfkill "no rfkill switch for wlan1's phy"
fi
ip link set wlan1 up

expect not-permitted 1 'Operation not permitted \(needs root or CAP_NET_RAW\)' \
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	"$WSC_BIN" sta -i wlan1 --pbc --save /tmp/not-permitted.conf
expect scan-not-permitted 1 'Operation not permitted \(needs root or CAP_NET_ADMIN\)' \
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	"$WSC_BIN" scan -i wlan1
expect bad-bssid 2 'wants aa:bb:cc:dd:ee:ff' "$WSC_BIN" sta -i wlan1 --pbc --bssid nonsense
expect scan-bad-count 2 '^wsc scan: --scans must be 1..10$' "$WSC_BIN" scan -i wlan1 --scans 0
expect scan-extra-arg 2 '^wsc scan: unexpected argument$' "$WSC_BIN" scan -i wlan1 extra
expect bad-new-auth 2 '^wsc sta: --new-auth is OPEN, WPAPSK' \
	"$WSC_BIN" sta -i wlan1 --reg 12345670 --new-ssid x --new-passphrase abcdefgh1 --new-auth FOO
expect tkip-only 2 '^wsc sta: settings refused: WSC 2.0 forbids TKIP alone' \
	"$WSC_BIN" sta -i wlan1 --reg 12345670 --new-ssid x --new-passphrase abcdefgh1 \
	--new-auth WPAPSK --new-encr TKIP

wps_ap_conf /tmp/errors-ap.conf wlan0
start_hostapd /tmp/errors-ap.conf || { fail errors "hostapd did not start"; exit 1; }
expect no-ap 1 '^wsc sta: no WPS AP found in push-button mode$' \
	"$WSC_BIN" sta -i wlan1 --pbc --walk-time 15 --save "$d/no-ap.conf"
grep -qx WPS-TIMEOUT "$d/no-ap.out" || fail no-ap "no WPS-TIMEOUT line"
"$WSC_BIN" sta -i wlan1 --pbc --walk-time 10 --json >"$d/no-ap-json.out" 2>/dev/null
grep -qxF '{"event":"error","message":"no WPS AP found in push-button mode"}' "$d/no-ap-json.out" &&
	grep -qxF '{"event":"WPS-TIMEOUT"}' "$d/no-ap-json.out" &&
	pass no-ap-json "--json: WPS-TIMEOUT and the error as JSON lines" ||
	fail no-ap-json "--json: $(tr '\n' '|' <"$d/no-ap-json.out")"
expect m2d-only 1 '^wsc sta: M2D only' \
	"$WSC_BIN" sta -i wlan1 --pin 12345670 --walk-time 20 --save "$d/m2d-only.conf"
grep -q '^WPS-M2D ' "$d/m2d-only.out" || fail m2d-only "no WPS-M2D line"
expect bssid-filter 1 '^wsc sta: no WPS AP found$' \
	"$WSC_BIN" sta -i wlan1 --pin 12345670 --bssid 02:99:99:99:99:99 --walk-time 15 \
	--save "$d/bssid-filter.conf"
[ "$WIFI_FAILS" -eq 0 ]
