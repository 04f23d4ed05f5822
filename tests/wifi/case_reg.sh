#!/bin/bash
# tests/wifi/case_reg.sh - `wsc sta --reg AP_PIN` as the external registrar
# of Debian's hostapd over the air (AP wlan0 with ap_pin, station wlan1):
#   learn      --reg 12345670: the AP's current SSID and passphrase, saved;
#              hostapd keeps its settings
#   configure  --reg 12345670 --new-ssid wsc-new --new-passphrase ...:
#              hostapd reports WPS-NEW-AP-SETTINGS and now runs wsc-new with
#              the new passphrase; wpa_supplicant given only the saved file
#              associates with it
#   configure-mixed  --new-auth WPAPSK+WPA2PSK --new-encr TKIP+CCMP: hostapd
#              runs wpa=3 with both ciphers
#   locked     hostapd with ap_setup_locked=1 (its beacons say so): wsc sta
#              --reg stops at once with "AP setup locked", exit 1, nothing
#              saved, and never associates
# wifi-radios: 2
# wifi-timeout: 200
set -u
. "$(dirname "$0")/guest_lib.sh"

PASS_AP=reg-secret-4242
PASS_NEW=brand-new-secret-77
require_wsc reg || exit 1
trap stop_all EXIT
d=$(wifi_case_dir files)
ip link set wlan1 up
STA_MAC=$(iface_mac wlan1)
ap_ssid() { hapd_cli get_config 2>/dev/null | sed -n 's/^ssid=//p'; }
ap_ssid_is() { [ "$(ap_ssid)" = "$1" ]; }
wps_ap_conf /tmp/reg-ap.conf wlan0 "wpa_passphrase=$PASS_AP" "ap_pin=12345670"
start_hostapd /tmp/reg-ap.conf || { fail reg "hostapd did not start"; exit 1; }

# ---- learn ----------------------------------------------------------------------
"$WSC_BIN" sta -i wlan1 --reg 12345670 --save "$d/learn.conf" --show-keys \
	--walk-time 60 >"$d/learn.out" 2>"$d/learn.err"; rc=$?
if [ "$rc" = 0 ] && grep -qx "credential: ssid=\"wsc-test\" auth=WPA2PSK encr=CCMP key=\"$PASS_AP\"" "$d/learn.out" &&
	grep -qx "	psk=\"$PASS_AP\"" "$d/learn.conf" && [ "$(ap_ssid)" = wsc-test ]; then
	pass learn "wsc sta --reg learned ssid=wsc-test key=$PASS_AP; hostapd unchanged"
else
	fail learn "rc=$rc $(tr '\n' '|' <"$d/learn.out") $(tr '\n' '|' <"$d/learn.err")"
fi

# ---- configure ----------------------------------------------------------------
"$WSC_BIN" sta -i wlan1 --reg 12345670 --new-ssid wsc-new --new-passphrase "$PASS_NEW" \
	--save "$d/new.conf" --walk-time 60 >"$d/new.out" 2>"$d/new.err"; rc=$?
if [ "$rc" = 0 ] && grep -qx 'WPS-SUCCESS' "$d/new.out" &&
	wait_log "$HAPD_LOG" 'WPS-NEW-AP-SETTINGS' 10 &&
	wait_until 20 ap_ssid_is wsc-new; then
	pass configure "hostapd took the new settings: ssid=$(ap_ssid)"
else
	fail configure "rc=$rc ssid=$(ap_ssid) $(tr '\n' '|' <"$d/new.out") $(tr '\n' '|' <"$d/new.err")"
fi
if grep -qx '	ssid="wsc-new"' "$d/new.conf" 2>/dev/null && grep -qx "	psk=\"$PASS_NEW\"" "$d/new.conf"; then
	wait_hostapd_state ENABLED 15
	start_wpas wlan1 "$d/new.conf" -O "$WPAS_CTRL" || fail configure-associate "wpa_supplicant did not start"
	if wait_wpa_state COMPLETED 40 && [ "$(wpa_status_field ssid)" = wsc-new ] &&
		[ "$(wpa_status_field key_mgmt)" = WPA2-PSK ]; then
		pass configure-associate "wpa_supplicant associated with wsc-new (WPA2-PSK) from the saved file"
	else
		fail configure-associate "wpa_state=$(wpa_status_field wpa_state) ssid=$(wpa_status_field ssid)"
	fi
	stop_pid "$WPAS_PID"
else
	fail configure-associate "saved file: $(cat "$d/new.conf" 2>&1 | grep -v psk)"
fi

# ---- configure with other settings (--new-auth, --new-encr) ----------------------
"$WSC_BIN" sta -i wlan1 --reg 12345670 --new-ssid wsc-mixed --new-passphrase "$PASS_NEW" \
	--new-auth WPAPSK+WPA2PSK --new-encr TKIP+CCMP --walk-time 60 \
	>"$d/mixed.out" 2>"$d/mixed.err"; rc=$?
wait_until 20 ap_ssid_is wsc-mixed
cfg=$(hapd_cli get_config 2>/dev/null)
if [ "$rc" = 0 ] && grep -qx 'wpa=3' <<<"$cfg" && grep -q '^rsn_pairwise_cipher=.*CCMP' <<<"$cfg" &&
	grep -q '^wpa_pairwise_cipher=.*TKIP' <<<"$cfg"; then
	pass configure-mixed "--new-auth WPAPSK+WPA2PSK --new-encr TKIP+CCMP: hostapd runs $(grep -E '^(wpa|rsn_pairwise_cipher|wpa_pairwise_cipher)=' <<<"$cfg" | tr '\n' ' ')"
else
	fail configure-mixed "rc=$rc config: $(tr '\n' '|' <<<"$cfg") $(tr '\n' '|' <"$d/mixed.err")"
fi

# ---- locked ---------------------------------------------------------------------
stop_all
wps_ap_conf /tmp/reg-locked.conf wlan0 "wpa_passphrase=$PASS_AP" "ap_pin=12345670" "ap_setup_locked=1"
start_hostapd /tmp/reg-locked.conf || { fail locked "hostapd did not start"; exit 1; }
n0=$(grep -c "$STA_MAC IEEE 802.11: associated" "$HAPD_LOG")
t0=$SECONDS
"$WSC_BIN" sta -i wlan1 --reg 12345670 --save "$d/locked.conf" --walk-time 60 \
	>"$d/locked.out" 2>"$d/locked.err"; rc=$?
dt=$((SECONDS - t0))
if [ "$rc" = 1 ] && grep -q 'AP setup locked: 02:00:00:00:00:00' "$d/locked.err" &&
	[ ! -e "$d/locked.conf" ] && [ "$dt" -lt 40 ] &&
	[ "$(grep -c "$STA_MAC IEEE 802.11: associated" "$HAPD_LOG")" = "$n0" ]; then
	pass locked "AP setup locked: exit 1 after ${dt}s, no association, nothing saved"
else
	fail locked "rc=$rc after ${dt}s: $(tr '\n' '|' <"$d/locked.err")"
fi
[ "$WIFI_FAILS" -eq 0 ]
