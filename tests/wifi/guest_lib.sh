# shellcheck shell=bash
# shellcheck disable=SC2034  # WPAS_CONF, WIFI_RADIOS, ... are for the callers
# tests/wifi/guest_lib.sh - helpers for guest-side radio test cases (run
# inside the vm.sh VM, where the wlanX interfaces are mac80211_hwsim radios).
#
#     . "$(dirname "$0")/guest_lib.sh"
#     hwsim_require 2                         # >= 2 radios (reloads if fewer)
#     wps_ap_conf /tmp/ap.conf wlan0 "wpa_passphrase=secret123"
#     start_hostapd /tmp/ap.conf              # waits for state=ENABLED
#     hapd_cli wps_pbc
#     ...; pass mycase "it worked"  /  fail mycase "why"
#     stop_all
#
# Functions (globals they set in parentheses):
#   hwsim_reload N          stop_all, rmmod mac80211_hwsim, load it with
#                           radios=N, wait for wlan0..wlan(N-1), rfkill unblock
#                           (WIFI_RADIOS)
#   hwsim_require N         hwsim_reload N unless at least N wlanX exist
#   hwsim_count             number of wlanX interfaces
#   iface_mac IFACE         MAC address of IFACE (e.g. the AP's BSSID)
#   wait_until SEC CMD...   poll CMD every 0.2 s until it succeeds; 1 on timeout
#   wps_ap_conf FILE IFACE [LINE...]
#                           write a WPA2-PSK + WPS (wps_state=2) hostapd config
#                           (ssid wsc-test, channel 1, ctrl_interface
#                           /run/hostapd); later LINEs override earlier keys
#   start_hostapd CONF [ARG...]
#                           hostapd -B -dd -t -f LOG; wait for state=ENABLED
#                           (HAPD_IFACE HAPD_CTRL HAPD_LOG HAPD_PID)
#   hapd_cli ARG...         hostapd_cli -p HAPD_CTRL -i HAPD_IFACE ARG...
#   hapd_status_field KEY   value of KEY= in `hapd_cli status`
#   wait_hostapd_state STATE [SEC]
#   wpas_conf FILE [LINE...] minimal wpa_supplicant config (ctrl_interface
#                           /run/wpa_supplicant, update_config=1,
#                           p2p_disabled=1) + LINEs, e.g. "freq_list=2412"
#                           (a full hwsim scan, 2.4 + 5 GHz, takes ~4 s)
#   start_wpas IFACE CONF [ARG...]
#                           wpa_supplicant -B -Dnl80211 -dd -t -f LOG, wait for
#                           PONG (WPAS_IFACE WPAS_CONF WPAS_CTRL WPAS_LOG WPAS_PID)
#   wpas_cli ARG...         wpa_cli -p WPAS_CTRL -i WPAS_IFACE ARG...
#   wpa_status_field KEY [IFACE]
#   wait_wpa_state STATE [SEC] [IFACE]    e.g. wait_wpa_state COMPLETED 30
#   wait_log FILE REGEX [SEC]  poll until grep -E REGEX FILE matches
#   track_pid PID...        have stop_all kill these (e.g. a background wsc)
#   stop_pid PID [SEC]      TERM, wait up to SEC (default 5), then KILL
#   capture_start [FILE] [IFACE]
#                           dumpcap on hwsim0 (every frame of every radio,
#                           radiotap) to FILE, default $WIFI_LOGDIR/air.pcap
#                           (CAPTURE_PID)
#   capture_stop
#   stop_all                stop tracked PIDs, hostapd, wpa_supplicant,
#                           captures; remove their control sockets
#   pass NAME MSG... / fail NAME MSG...
#                           print "PASS NAME MSG" / "FAIL NAME MSG"; fail
#                           also counts in WIFI_FAILS
#   wifi_case_dir NAME      mkdir + echo the sub-dir WIFI_LOGDIR/NAME
#   require_wsc NAME        FAIL NAME unless WSC_BIN is executable
#
# Environment: WIFI_SHARE (set by vm.sh), WIFI_LOGDIR (daemon logs, pcaps;
# guest_runner.sh sets $WIFI_SHARE/logs/CASE, the default when sourced from
# case_CASE.sh or CASE.sh run directly by vm.sh), WIFI_REPO
# (default: two levels above this file), WSC_BIN (default
# $WIFI_REPO/build/wsc), WIFI_GUEST=1 (set by vm.sh; the killing helpers
# refuse to run without it, so sourcing this on the host does no harm).

WIFI_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WIFI_REPO=${WIFI_REPO:-$(cd "$WIFI_LIB_DIR/../.." && pwd)}
WSC_BIN=${WSC_BIN:-$WIFI_REPO/build/wsc}
_wifi_self=$(basename "$0" .sh)
WIFI_LOGDIR=${WIFI_LOGDIR:-${WIFI_SHARE:-/tmp}/logs/${_wifi_self#case_}}
WIFI_FAILS=${WIFI_FAILS:-0}
WIFI_PIDS=()
WIFI_RUNDIR=/run/wifi-test
HAPD_CTRL=/run/hostapd
WPAS_CTRL=/run/wpa_supplicant
HAPD_IFACE='' HAPD_LOG='' HAPD_PID=''
WPAS_IFACE='' WPAS_CONF='' WPAS_LOG='' WPAS_PID=''
CAPTURE_PID=''

wifi_in_guest() {
	if [ "${WIFI_GUEST:-}" != 1 ]; then
		echo "guest_lib: refusing: not inside the wifi test VM (WIFI_GUEST!=1)" >&2
		return 1
	fi
}

pass() { local n=$1; shift; echo "PASS $n${*:+ $*}"; }
fail() { local n=$1; shift; echo "FAIL $n${*:+ $*}"; WIFI_FAILS=$((WIFI_FAILS + 1)); }
wlog() { echo "[$(cut -d' ' -f1 /proc/uptime)] $*" >&2; }

# require_wsc NAME: FAIL NAME (and return 1) unless $WSC_BIN is executable
require_wsc() {
	[ -x "$WSC_BIN" ] && return 0
	fail "$1" "wsc binary not found: $WSC_BIN (build it first)"
	return 1
}

wifi_case_dir() {
	local d=$WIFI_LOGDIR/$1
	mkdir -p "$d" && echo "$d"
}

_now_ms() { local t=${EPOCHREALTIME/./}; echo $((10#$t / 1000)); }
wait_until() {
	local sec=$1; shift
	local end=$(($(_now_ms) + sec * 1000))
	while :; do
		"$@" >/dev/null 2>&1 && return 0
		[ "$(_now_ms)" -ge "$end" ] && return 1
		sleep 0.2
	done
}

wait_log() { wait_until "${3:-10}" grep -qE -- "$2" "$1"; }

track_pid() { WIFI_PIDS+=("$@"); }

stop_pid() {
	local p=$1 sec=${2:-5} i
	[ -n "$p" ] || return 0
	kill -0 "$p" 2>/dev/null || return 0
	kill "$p" 2>/dev/null
	for ((i = 0; i < sec * 10; i++)); do
		kill -0 "$p" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -9 "$p" 2>/dev/null
	sleep 0.1
}

# ---- hwsim -------------------------------------------------------------------
hwsim_count() { local d n=0; for d in /sys/class/net/wlan*; do [ -e "$d" ] && n=$((n + 1)); done; echo "$n"; }
iface_mac() { cat "/sys/class/net/${1:?iface}/address"; }

hwsim_reload() {
	local n=${1:?radios}
	wifi_in_guest || return 1
	stop_all
	if grep -q '^mac80211_hwsim ' /proc/modules; then
		modprobe -r mac80211_hwsim || { echo "hwsim_reload: rmmod failed" >&2; return 1; }
	fi
	modprobe mac80211_hwsim radios="$n" || { echo "hwsim_reload: modprobe failed" >&2; return 1; }
	if ! wait_until 10 test -e "/sys/class/net/wlan$((n - 1))"; then
		echo "hwsim_reload: wlan$((n - 1)) did not appear" >&2; return 1
	fi
	rfkill unblock all 2>/dev/null
	WIFI_RADIOS=$n
	wlog "hwsim: $n radios"
}

hwsim_require() {
	local n=${1:?radios}
	[ "$(hwsim_count)" -ge "$n" ] && return 0
	hwsim_reload "$n"
}

# ---- hostapd -----------------------------------------------------------------
wps_ap_conf() {
	local file=${1:?file} iface=${2:?iface}; shift 2
	{
		cat <<EOF
interface=$iface
driver=nl80211
ctrl_interface=$HAPD_CTRL
ssid=wsc-test
hw_mode=g
channel=1
wpa=2
wpa_key_mgmt=WPA-PSK
rsn_pairwise=CCMP
wpa_passphrase=wsc-test-passphrase
wps_state=2
eap_server=1
ap_setup_locked=0
device_name=wsc-test-ap
manufacturer=wsc
model_name=hwsim
model_number=1
serial_number=1
device_type=6-0050F204-1
os_version=01020300
config_methods=push_button label display keypad virtual_push_button
EOF
		printf '%s\n' "$@"
	} | awk -F= '/^[^#]/ { k = $1; if (!(k in seen)) order[n++] = k; seen[k] = $0; next }
		END { for (i = 0; i < n; i++) print seen[order[i]] }' >"$file"
}

# _ctrl_dir CONF DEFAULT: ctrl_interface=PATH or ctrl_interface=DIR=PATH
# GROUP=... of CONF, else DEFAULT
_ctrl_dir() {
	local c; c=$(sed -n 's/^ctrl_interface=\(DIR=\)\{0,1\}\([^ ]*\).*/\2/p' "$1" | head -n1)
	echo "${c:-$2}"
}

hapd_cli() { hostapd_cli -p "$HAPD_CTRL" -i "$HAPD_IFACE" "$@"; }
hapd_status_field() { hapd_cli status 2>/dev/null | sed -n "s/^$1=//p" | head -n1; }
_hapd_state_is() { [ "$(hapd_status_field state)" = "$1" ]; }
wait_hostapd_state() { wait_until "${2:-15}" _hapd_state_is "$1"; }

start_hostapd() {
	local conf=${1:?conf}; shift
	wifi_in_guest || return 1
	HAPD_IFACE=$(sed -n 's/^interface=//p' "$conf" | head -n1)
	HAPD_CTRL=$(_ctrl_dir "$conf" "$HAPD_CTRL")
	mkdir -p "$WIFI_RUNDIR" "$WIFI_LOGDIR"
	HAPD_LOG=$WIFI_LOGDIR/hostapd-$HAPD_IFACE.log
	local pidf=$WIFI_RUNDIR/hostapd-$HAPD_IFACE.pid
	rm -f "$pidf" "$HAPD_CTRL/$HAPD_IFACE"
	if ! hostapd -B -dd -t -K -P "$pidf" -f "$HAPD_LOG" "$@" "$conf"; then
		echo "start_hostapd: hostapd failed to start (log $HAPD_LOG)" >&2
		tail -n 20 "$HAPD_LOG" >&2 2>/dev/null; return 1
	fi
	HAPD_PID=$(cat "$pidf" 2>/dev/null)
	if ! wait_hostapd_state ENABLED 15; then
		echo "start_hostapd: $HAPD_IFACE not ENABLED (state=$(hapd_status_field state))" >&2
		tail -n 20 "$HAPD_LOG" >&2; return 1
	fi
	wlog "hostapd up on $HAPD_IFACE (pid $HAPD_PID)"
}

# ---- wpa_supplicant --------------------------------------------------------
wpas_conf() {
	local file=${1:?file}; shift
	{
		echo "ctrl_interface=$WPAS_CTRL"
		echo "update_config=1"
		echo "p2p_disabled=1"
		printf '%s\n' "$@"
	} >"$file"
}

wpas_cli() { wpa_cli -p "$WPAS_CTRL" -i "$WPAS_IFACE" "$@"; }
wpa_status_field() {
	wpa_cli -p "$WPAS_CTRL" -i "${2:-$WPAS_IFACE}" status 2>/dev/null | sed -n "s/^$1=//p" | head -n1
}
_wpa_state_is() { [ "$(wpa_status_field wpa_state "$2")" = "$1" ]; }
wait_wpa_state() { wait_until "${2:-30}" _wpa_state_is "$1" "${3:-$WPAS_IFACE}"; }
_wpas_pong() { wpas_cli ping 2>/dev/null | grep -q PONG; }

start_wpas() {
	local iface=${1:?iface} conf=${2:?conf}; shift 2
	wifi_in_guest || return 1
	WPAS_IFACE=$iface WPAS_CONF=$conf
	WPAS_CTRL=$(_ctrl_dir "$conf" "$WPAS_CTRL")
	mkdir -p "$WIFI_RUNDIR" "$WIFI_LOGDIR"
	WPAS_LOG=$WIFI_LOGDIR/wpa_supplicant-$iface.log
	local pidf=$WIFI_RUNDIR/wpa_supplicant-$iface.pid
	rm -f "$pidf" "$WPAS_CTRL/$iface"
	if ! wpa_supplicant -B -Dnl80211 -i "$iface" -c "$conf" -dd -t -K -P "$pidf" -f "$WPAS_LOG" "$@"; then
		echo "start_wpas: wpa_supplicant failed to start (log $WPAS_LOG)" >&2
		tail -n 20 "$WPAS_LOG" >&2 2>/dev/null; return 1
	fi
	WPAS_PID=$(cat "$pidf" 2>/dev/null)
	if ! wait_until 10 _wpas_pong; then
		echo "start_wpas: no PONG from wpa_supplicant on $iface" >&2; return 1
	fi
	wlog "wpa_supplicant up on $iface (pid $WPAS_PID)"
}

# ---- capture -------------------------------------------------------------------
capture_start() {
	local file=${1:-$WIFI_LOGDIR/air.pcap} iface=${2:-hwsim0}
	mkdir -p "$(dirname "$file")"
	ip link set "$iface" up || return 1
	dumpcap -q -i "$iface" -w "$file" >/dev/null 2>&1 &
	CAPTURE_PID=$!
	track_pid "$CAPTURE_PID"
	# dumpcap creates the file once capturing has started
	wait_until 10 test -s "$file"
}
capture_stop() {
	[ -n "$CAPTURE_PID" ] || return 0
	sleep 0.3   # let the last frames reach the file
	stop_pid "$CAPTURE_PID"
	wait "$CAPTURE_PID" 2>/dev/null
	CAPTURE_PID=''
}

# ---- teardown -----------------------------------------------------------------
stop_all() {
	wifi_in_guest || return 1
	local p f
	capture_stop
	for p in "${WIFI_PIDS[@]}"; do stop_pid "$p"; done
	WIFI_PIDS=()
	for f in "$WIFI_RUNDIR"/*.pid; do
		[ -e "$f" ] || continue
		stop_pid "$(cat "$f" 2>/dev/null)"
		rm -f "$f"
	done
	# Anything started without our pidfiles (this is a private VM).
	for p in $(pgrep -x hostapd; pgrep -x wpa_supplicant); do stop_pid "$p"; done
	find "$HAPD_CTRL" "$WPAS_CTRL" -maxdepth 1 -type s -delete 2>/dev/null
	HAPD_PID='' WPAS_PID=''
	return 0
}
