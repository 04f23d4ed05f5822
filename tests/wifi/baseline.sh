#!/bin/bash
# tests/wifi/baseline.sh - guest-side sanity case: Debian's hostapd (AP,
# wlan0) and wpa_supplicant (STA, wlan1) over mac80211_hwsim.
#   1. WPS PBC -> STA COMPLETED with WPA2-PSK on wsc-test, saved psk == AP
#      passphrase
#   2. WPS PIN 12345670 -> COMPLETED
# Run by run.sh, or alone: vm.sh --radios 2 SHARE_DIR tests/wifi/baseline.sh
# wifi-radios: 2
# wifi-timeout: 120
set -u
. "$(dirname "$0")/guest_lib.sh"

PASSPHRASE=baseline-secret-42
hwsim_require 2 || { fail baseline "hwsim with 2 radios"; exit 1; }
trap stop_all EXIT

wps_ap_conf /tmp/baseline-ap.conf wlan0 "wpa_passphrase=$PASSPHRASE"
if ! start_hostapd /tmp/baseline-ap.conf; then
	fail baseline "hostapd did not start"; exit 1
fi

# $1 = name; remaining = the STA-side wpa_cli command. AP side already armed.
# Waits for COMPLETED with WPA2-PSK on wsc-test.
sta_wps_run() {
	local name=$1; shift
	local conf=/tmp/baseline-sta-$name.conf
	# scan only channel 1: a full 2.4+5 GHz scan costs ~4 s under TCG
	wpas_conf "$conf" "freq_list=2412"
	start_wpas wlan1 "$conf" || { fail "baseline-$name" "wpa_supplicant did not start"; return 1; }
	local r; r=$(wpas_cli "$@")
	# wps_pbc answers OK, wps_pin answers the PIN
	case $r in ''|FAIL*) fail "baseline-$name" "wpa_cli $* -> $r"; return 1 ;; esac
	if ! wait_wpa_state COMPLETED 60; then
		fail "baseline-$name" "not COMPLETED (wpa_state=$(wpa_status_field wpa_state))"
		return 1
	fi
	local km ssid
	km=$(wpa_status_field key_mgmt) ssid=$(wpa_status_field ssid)
	if [ "$km" != WPA2-PSK ] || [ "$ssid" != wsc-test ]; then
		fail "baseline-$name" "associated with key_mgmt=$km ssid=$ssid"
		return 1
	fi
	grep -q "WPS-SUCCESS" "$WPAS_LOG" || wlog "note: no WPS-SUCCESS in $WPAS_LOG"
	return 0
}

# ---- 1. PBC ------------------------------------------------------------------
t0=$SECONDS
r=$(hapd_cli wps_pbc)
if [ "$r" != OK ]; then
	fail baseline-pbc "hostapd_cli wps_pbc -> $r"
elif sta_wps_run pbc wps_pbc; then
	# The credential must have been saved with the AP's passphrase.
	wpas_cli save_config >/dev/null
	if grep -qx "[[:space:]]*psk=\"$PASSPHRASE\"" "$WPAS_CONF" &&
		grep -qx '[[:space:]]*ssid="wsc-test"' "$WPAS_CONF"; then
		pass baseline-pbc "WPS PBC -> WPA2-PSK on wsc-test, psk saved ($((SECONDS - t0))s)"
	else
		fail baseline-pbc "saved config lacks ssid/psk:"; sed 's/^/    /' "$WPAS_CONF"
	fi
fi
stop_pid "$WPAS_PID"

# ---- 2. PIN ------------------------------------------------------------------
t0=$SECONDS
r=$(hapd_cli wps_pin any 12345670)
if [ "$r" = FAIL ] || [ -z "$r" ]; then
	fail baseline-pin "hostapd_cli wps_pin any 12345670 -> $r"
elif sta_wps_run pin wps_pin any 12345670; then
	pass baseline-pin "WPS PIN 12345670 -> WPA2-PSK on wsc-test ($((SECONDS - t0))s)"
fi

[ "$WIFI_FAILS" -eq 0 ]
