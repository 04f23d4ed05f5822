# shellcheck shell=bash
# shellcheck disable=SC2034  # HAPD_PID, WPAS_PID, ... are for the callers
# tests/interop/lib.sh - helpers for WPS (EAP-WSC over EAPOL) interop tests:
# real hostapd (driver=wired) in netns A, wpa_supplicant (-Dwired, ap_scan=0)
# in netns B, joined by a veth pair.
#
# Minimal use (see baseline.sh for many more):
#     . "$(dirname "$0")/lib.sh"
#     wsc_init mytest                        # root/tool checks, temp dir, trap
#     case_begin pin                         # fresh netns pair + veth
#     hostapd_start "ap_pin=12345670"        # AP in ns A (extra conf lines)
#     hostapd_cli_cmd wps_pin any 12345670   # -> OK
#     tshark_start                           # capture 0x888e on the A side
#     wpas_start 'identity="WFA-SimpleConfig-Enrollee-1-0"' 'phase1="pin=12345670"'
#     expect_log "$WPAS_LOG" 'WPS-SUCCESS' 10 "supplicant reports WPS-SUCCESS"
#     tshark_stop; run_tshark_check "$TSHARK_PCAP" --exact "M1 M2 M3 M4 M5 M6 M7 M8 WSC_Done"
#     case_end                               # kill all, delete namespaces
#     wsc_summary                            # prints summary, returns 0/1
#
# API (all functions; globals they set in parentheses)
#   wsc_init NAME               require root + tools, mktemp -d /tmp/wsc-NAME.XXXXXX
#                               (WSC_TMP), trap EXIT/INT/TERM -> wsc_cleanup
#   wsc_require_root / wsc_require_tools TOOL...
#                               missing -> exit 77 (skip), or exit 1 if CI=true
#   wsc_cleanup                 kill every tracked PID + anything left in our
#                               namespaces, delete them; keep WSC_TMP on failure
#   case_begin NAME / case_end  per-case dir (CASE_DIR) + fresh namespace pair;
#                               case_end stops everything, prints ok/FAILED + time
#   wsc_ns_create / wsc_ns_destroy
#                               (NS_A NS_B IF_A IF_B) names "${WSC_NS_PREFIX}A$$-N",
#                               veth "wa$$xN"/"wb$$xN", MACs MAC_A / MAC_B
#   hostapd_start [LINE...]     write CASE_DIR/hostapd.conf (base + LINEs, a later
#                               key overrides), start hostapd -dd -K -t -f, wait
#                               AP-ENABLED + ctrl socket (HAPD_CONF HAPD_LOG HAPD_CTRL HAPD_PID)
#   hostapd_conf FILE [LINE...] just write the config
#   hostapd_cli_cmd ARGS...     hostapd_cli -p HAPD_CTRL -i IF_A ARGS
#   wpas_start [NETLINE...]     write CASE_DIR/wpas.conf: globals (+ $WPAS_GLOBAL)
#                               and one network {key_mgmt=IEEE8021X eap=WSC
#                               eapol_flags=0 NETLINE...}; start wpa_supplicant -Dwired
#                               -dd -K -t -f; a restart rotates old logs to *.1, *.2
#                               (WPAS_CONF WPAS_LOG WPAS_CTRL WPAS_PID)
#   wpas_stop                   stop wpa_supplicant
#   wpa_cli_cmd ARGS...         wpa_cli -p WPAS_CTRL -i IF_B ARGS
#   tshark_start [PCAP] [NS] [IF]  capture 'ether proto 0x888e' (default
#                               CASE_DIR/eapol.pcap on NS_A/IF_A), waits until
#                               capturing (TSHARK_PCAP TSHARK_PID)
#                               (+ TSHARK_SETTLE seconds, default 0)
#   tshark_stop                 SIGINT + wait, so the file is complete
#   run_tshark_check PCAP [OPTS...]  tshark_check.sh + pass/fail
#   proc_start NS LOG CMD...    background CMD in NS, tracked (WSC_LAST_PID)
#   proc_stop PID               TERM, 2 s, KILL; untrack
#   wait_for FILE REGEX [TIMEOUT=10]        poll every 0.1 s (grep -E), 0/1
#   wait_for_count FILE REGEX N [TIMEOUT]   until >= N matching lines
#   wait_for_socket PATH [TIMEOUT]
#   expect_log FILE REGEX TIMEOUT DESC      wait_for + pass/fail (+ log tail)
#   expect_no_log FILE REGEX DESC           REGEX must not be in FILE now
#   pass MSG / fail MSG / check DESC CMD...  counters WSC_PASS / WSC_FAIL
#   wsc_summary                 print totals, return 0 iff no failure
#   str2hex STR / hex2str HEX / pin_checksum 7DIGITS
#   wps_tlv_get HEX TYPE        value of the first WSC attribute TYPE (e.g. 1045)
#   wps_tlv_types HEX           attribute types in order
#   wsc_require_bin, proc_start_split, proc_wait, wscap_start/_wait/_stop,
#   wscsta_run                  our wsc ap / wsc sta: see the last section
#
# Environment knobs:
#   CI=true          missing tool / not root is a FAILURE (exit 1), never a skip
#   WSC_KEEP=1       keep the temp dir (logs, configs, pcaps) even on success
#   WSC_ARTIFACTS=D  copy each case's directory to D/<case> when the case ends
#   WSC_NS_PREFIX    namespace name prefix (default "wsc")
#   WSC_VERBOSE=1    echo more progress
#   AP_SSID AP_PASSPHRASE AP_PIN MAC_A MAC_B   defaults for the generated configs
#
# Exit codes: 0 all passed, 1 failures, 77 skipped (missing prerequisite, not CI).

WSC_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

WSC_NS_PREFIX=${WSC_NS_PREFIX:-wsc}
WSC_PASS=0
WSC_FAIL=0
WSC_FAILED_CASES=()
WSC_PIDS=()          # every PID we started (hostapd, wpa_supplicant, tshark)
WSC_NAMESPACES=()    # every namespace we created
WSC_NS_SEQ=0
WSC_TMP=""
WSC_CASE=""
WSC_CASE_FAILS=0
WSC_CASE_T0=""

# Defaults for the generated configs (override before hostapd_start/wpas_start).
AP_SSID=${AP_SSID:-wsc-interop}
AP_PASSPHRASE=${AP_PASSPHRASE:-interop-passphrase-1}
AP_PIN=${AP_PIN:-12345670}
MAC_A=${MAC_A:-02:57:53:43:00:0a}   # hostapd side (authenticator)
MAC_B=${MAC_B:-02:57:53:43:00:0b}   # wpa_supplicant side (EAP peer)

# ---------------------------------------------------------------- output ---

_wsc_now() { echo "${EPOCHREALTIME:-$(date +%s.%N)}"; }

log()  { echo "[$(date +%H:%M:%S)] $*"; }
vlog() { [ "${WSC_VERBOSE:-0}" = 1 ] && log "$@"; return 0; }

pass() {
    WSC_PASS=$((WSC_PASS + 1))
    echo "  PASS: $*"
}

fail() {
    WSC_FAIL=$((WSC_FAIL + 1))
    WSC_CASE_FAILS=$((WSC_CASE_FAILS + 1))
    echo "  FAIL: $*" >&2
}

# check DESC CMD [ARGS...]: run CMD, pass if it exits 0, fail otherwise.
check() {
    local desc=$1; shift
    if "$@"; then pass "$desc"; else fail "$desc"; fi
}

# Print the tail of a log, indented, to help diagnose a failure.
show_tail() {
    local file=$1 n=${2:-15}
    [ -f "$file" ] || { echo "    (no $file)" >&2; return 0; }
    echo "    --- last $n lines of $file ---" >&2
    tail -n "$n" "$file" | sed 's/^/    | /' >&2
}

# ------------------------------------------------------------ prerequisites --

# _wsc_missing MSG: not root / tool missing.  FAILURE under CI=true, else skip.
_wsc_missing() {
    if [ "${CI:-}" = true ]; then
        echo "FAIL: $* (CI=true: a missing prerequisite is a failure)" >&2
        exit 1
    fi
    echo "SKIP: $*" >&2
    exit 77
}

wsc_require_root() {
    [ "$(id -u)" = 0 ] || _wsc_missing "must run as root (network namespaces)"
}

# wsc_require_tools TOOL...: each TOOL must be in PATH.
wsc_require_tools() {
    local t missing=()
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 || missing+=("$t")
    done
    [ ${#missing[@]} -eq 0 ] || _wsc_missing "missing tool(s): ${missing[*]}"
}

# --------------------------------------------------------------- lifecycle --

# wsc_init [NAME]: check prerequisites, make the temp dir, install the trap.
wsc_init() {
    local name=${1:-interop}
    wsc_require_root
    wsc_require_tools ip hostapd hostapd_cli wpa_supplicant wpa_cli tshark \
        timeout grep sed awk
    WSC_TMP=$(mktemp -d "/tmp/wsc-${name%.sh}.XXXXXX") || exit 1
    chmod 755 "$WSC_TMP"
    trap 'wsc_cleanup' EXIT
    trap 'echo "interrupted" >&2; exit 130' INT TERM
    log "temp dir: $WSC_TMP"
}

# wsc_cleanup: kill everything we started, delete our namespaces.  Idempotent.
wsc_cleanup() {
    local rc=$?
    trap - EXIT
    local pid ns
    for pid in "${WSC_PIDS[@]}"; do _wsc_kill "$pid"; done
    WSC_PIDS=()
    for ns in "${WSC_NAMESPACES[@]}"; do _wsc_ns_delete "$ns"; done
    WSC_NAMESPACES=()
    if [ -n "$WSC_TMP" ] && [ -d "$WSC_TMP" ]; then
        if [ "${WSC_KEEP:-0}" = 1 ] || [ "$WSC_FAIL" -gt 0 ] || [ "$rc" -ne 0 ]; then
            echo "logs kept in $WSC_TMP" >&2
        else
            rm -rf "$WSC_TMP"
        fi
    fi
    exit "$rc"
}

# _wsc_kill PID: SIGTERM, wait up to 2 s, then SIGKILL.  Only our own PIDs.
_wsc_kill() {
    local pid=$1 i
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
    kill -TERM "$pid" 2>/dev/null
    for ((i = 0; i < 20; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    return 0
}

# _wsc_forget PID: drop PID from the tracking list.
_wsc_forget() {
    local p keep=()
    for p in "${WSC_PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
    WSC_PIDS=("${keep[@]}")
}

# proc_stop PID: stop one tracked process.
proc_stop() {
    [ -n "${1:-}" ] || return 0
    _wsc_kill "$1"
    _wsc_forget "$1"
}

# _wsc_rotate FILE...: move an existing FILE to FILE.1, FILE.2, ... so that a
# restarted daemon (which appends with -f) starts with a fresh log.
_wsc_rotate() {
    local f n
    for f in "$@"; do
        [ -e "$f" ] || continue
        n=1
        while [ -e "$f.$n" ]; do n=$((n + 1)); done
        mv "$f" "$f.$n"
    done
}

# proc_start NS LOGFILE CMD [ARGS...]: run CMD in namespace NS in the
# background, stdout+stderr to LOGFILE.  Sets WSC_LAST_PID.  `ip netns exec`
# execs the command directly, so the PID is the daemon's own PID.
proc_start() {
    local ns=$1 logf=$2; shift 2
    ip netns exec "$ns" "$@" >"$logf" 2>&1 </dev/null &
    WSC_LAST_PID=$!
    WSC_PIDS+=("$WSC_LAST_PID")
    vlog "started pid $WSC_LAST_PID in $ns: $*"
}

# ------------------------------------------------------------- namespaces --

# wsc_ns_create: create namespaces NS_A and NS_B joined by a veth pair
# IF_A <-> IF_B (MACs MAC_A / MAC_B), both up.  Sets NS_A NS_B IF_A IF_B.
wsc_ns_create() {
    WSC_NS_SEQ=$((WSC_NS_SEQ + 1))
    NS_A="${WSC_NS_PREFIX}A$$-$WSC_NS_SEQ"
    NS_B="${WSC_NS_PREFIX}B$$-$WSC_NS_SEQ"
    IF_A="wa$$x$WSC_NS_SEQ"      # <= 15 chars for any pid_max
    IF_B="wb$$x$WSC_NS_SEQ"
    ip netns add "$NS_A" || return 1
    WSC_NAMESPACES+=("$NS_A")
    ip netns add "$NS_B" || return 1
    WSC_NAMESPACES+=("$NS_B")
    ip link add "$IF_A" netns "$NS_A" address "$MAC_A" type veth \
        peer name "$IF_B" netns "$NS_B" address "$MAC_B" || return 1
    ip -n "$NS_A" link set lo up
    ip -n "$NS_B" link set lo up
    ip -n "$NS_A" link set "$IF_A" up || return 1
    ip -n "$NS_B" link set "$IF_B" up || return 1
    vlog "namespaces $NS_A($IF_A $MAC_A) <-> $NS_B($IF_B $MAC_B)"
}

_wsc_ns_delete() {
    local ns=$1 pid
    ip netns list 2>/dev/null | awk '{print $1}' | grep -qx -- "$ns" || return 0
    # Anything still running inside our private namespace was started by us.
    for pid in $(ip netns pids "$ns" 2>/dev/null); do _wsc_kill "$pid"; done
    ip netns del "$ns" 2>/dev/null
}

# wsc_ns_destroy: stop all tracked processes and delete the current pair.
wsc_ns_destroy() {
    local pid ns keep=()
    for pid in "${WSC_PIDS[@]}"; do _wsc_kill "$pid"; done
    WSC_PIDS=()
    for ns in "$NS_A" "$NS_B"; do _wsc_ns_delete "$ns"; done
    for ns in "${WSC_NAMESPACES[@]}"; do
        [ "$ns" = "$NS_A" ] || [ "$ns" = "$NS_B" ] || keep+=("$ns")
    done
    WSC_NAMESPACES=("${keep[@]}")
}

# ------------------------------------------------------------------ cases --

# case_begin NAME: new case directory $CASE_DIR and a fresh namespace pair.
case_begin() {
    WSC_CASE=$1
    WSC_CASE_FAILS=0
    WSC_CASE_T0=$(_wsc_now)
    CASE_DIR="$WSC_TMP/$WSC_CASE"
    mkdir -p "$CASE_DIR"
    HAPD_PID="" WPAS_PID="" TSHARK_PID=""
    echo
    log "=== case: $WSC_CASE"
    wsc_ns_create || { fail "$WSC_CASE: cannot create namespaces"; return 1; }
}

# case_end: stop everything, delete namespaces, report duration and result.
case_end() {
    [ -n "$TSHARK_PID" ] && tshark_stop
    wsc_ns_destroy
    local dt
    dt=$(awk -v a="$WSC_CASE_T0" -v b="$(_wsc_now)" 'BEGIN{printf "%.1f", b-a}')
    if [ -n "${WSC_ARTIFACTS:-}" ]; then
        mkdir -p "$WSC_ARTIFACTS" && cp -r "$CASE_DIR" "$WSC_ARTIFACTS/"
    fi
    if [ "$WSC_CASE_FAILS" -eq 0 ]; then
        log "=== case $WSC_CASE: ok (${dt}s)"
    else
        WSC_FAILED_CASES+=("$WSC_CASE")
        log "=== case $WSC_CASE: FAILED ($WSC_CASE_FAILS failure(s), ${dt}s; logs in $CASE_DIR)"
    fi
    WSC_CASE=""
}

# wsc_summary: print totals; returns 0 if nothing failed, 1 otherwise.
wsc_summary() {
    echo
    echo "=============================================="
    echo "SUMMARY: $WSC_PASS passed, $WSC_FAIL failed"
    if [ ${#WSC_FAILED_CASES[@]} -gt 0 ]; then
        echo "failed cases: ${WSC_FAILED_CASES[*]}"
    fi
    echo "=============================================="
    [ "$WSC_FAIL" -eq 0 ] && [ "$WSC_PASS" -gt 0 ]
}

# ---------------------------------------------------------------- waiting --

# wait_for FILE REGEX [TIMEOUT_S=10]: poll FILE every 0.1 s until an extended
# regex matches a line.  Returns 0 on match, 1 on deadline.
wait_for() {
    local file=$1 re=$2 to=${3:-10} deadline
    deadline=$(awk -v n="$(_wsc_now)" -v t="$to" 'BEGIN{printf "%.3f", n+t}')
    while :; do
        [ -f "$file" ] && grep -Eq -- "$re" "$file" && return 0
        awk -v n="$(_wsc_now)" -v d="$deadline" 'BEGIN{exit !(n>=d)}' && break
        sleep 0.1
    done
    return 1
}

# wait_for_count FILE REGEX N [TIMEOUT_S=10]: until >= N lines match.
wait_for_count() {
    local file=$1 re=$2 n=$3 to=${4:-10} deadline c
    deadline=$(awk -v n="$(_wsc_now)" -v t="$to" 'BEGIN{printf "%.3f", n+t}')
    while :; do
        if [ -f "$file" ]; then
            c=$(grep -Ec -- "$re" "$file")
            [ "$c" -ge "$n" ] && return 0
        fi
        awk -v n="$(_wsc_now)" -v d="$deadline" 'BEGIN{exit !(n>=d)}' && break
        sleep 0.1
    done
    return 1
}

# expect_log FILE REGEX TIMEOUT DESC: wait_for + pass/fail (+ log tail).
expect_log() {
    local file=$1 re=$2 to=$3 desc=$4
    if wait_for "$file" "$re" "$to"; then
        pass "$desc"
    else
        fail "$desc (no /$re/ in $(basename "$file") within ${to}s)"
        show_tail "$file" 12
        return 1
    fi
}

# expect_no_log FILE REGEX DESC: REGEX must NOT occur in FILE (right now).
expect_no_log() {
    local file=$1 re=$2 desc=$3
    if grep -Eq -- "$re" "$file"; then
        fail "$desc (unexpected: $(grep -Em1 -- "$re" "$file"))"
        return 1
    fi
    pass "$desc"
}

# ---------------------------------------------------------------- hostapd --

# hostapd_conf FILE [EXTRA_LINE...]: write the base config for the wired AP.
# Uses IF_A, AP_SSID, AP_PASSPHRASE, HAPD_CTRL; extra lines are appended
# (a later key overrides an earlier one in hostapd).
hostapd_conf() {
    local f=$1; shift
    {
        echo "interface=$IF_A"
        echo "driver=wired"
        echo "ctrl_interface=$HAPD_CTRL"
        echo "logger_stdout=-1"
        echo "logger_stdout_level=0"
        echo "ieee8021x=1"
        echo "eapol_version=2"
        echo "eap_server=1"
        echo "ssid=$AP_SSID"
        echo "wpa=2"
        echo "wpa_key_mgmt=WPA-PSK"
        echo "rsn_pairwise=CCMP"
        echo "wpa_passphrase=$AP_PASSPHRASE"
        echo "wps_state=2"
        echo "device_name=wsc-interop-ap"
        echo "manufacturer=wsc"
        echo "model_name=hostapd"
        echo "model_number=2.10"
        echo "serial_number=1"
        echo "device_type=6-0050F204-1"
        echo "config_methods=label display push_button keypad"
        local l
        for l in "$@"; do echo "$l"; done
    } >"$f"
}

# hostapd_start [EXTRA_CONF_LINE...]: write $CASE_DIR/hostapd.conf and start
# hostapd -dd -K -t in NS_A; wait for AP-ENABLED.
# Sets HAPD_CONF HAPD_LOG HAPD_CTRL HAPD_PID.
hostapd_start() {
    HAPD_CONF="$CASE_DIR/hostapd.conf"
    HAPD_LOG="$CASE_DIR/hostapd.log"
    HAPD_CTRL="$CASE_DIR/hapd-ctrl"
    _wsc_rotate "$HAPD_LOG" "$CASE_DIR/hostapd.out"
    hostapd_conf "$HAPD_CONF" "$@"
    proc_start "$NS_A" "$CASE_DIR/hostapd.out" \
        hostapd -dd -K -t -f "$HAPD_LOG" "$HAPD_CONF"
    HAPD_PID=$WSC_LAST_PID
    if ! wait_for "$HAPD_LOG" 'AP-ENABLED' 5; then
        fail "hostapd did not come up"
        show_tail "$HAPD_LOG"; show_tail "$CASE_DIR/hostapd.out"
        return 1
    fi
    wait_for_socket "$HAPD_CTRL/$IF_A" 3
}

# hostapd_cli_cmd ARGS...: hostapd_cli against this case's hostapd.
hostapd_cli_cmd() {
    hostapd_cli -p "$HAPD_CTRL" -i "$IF_A" "$@"
}

# wait_for_socket PATH [TIMEOUT]: poll for a UNIX socket.
wait_for_socket() {
    local p=$1 to=${2:-5} i
    for ((i = 0; i < to * 10; i++)); do
        [ -S "$p" ] && return 0
        sleep 0.1
    done
    fail "socket $p did not appear"
    return 1
}

# --------------------------------------------------------- wpa_supplicant --

# wpas_conf FILE NETWORK_LINE...: ap_scan=0 wired config with one network.
# Global extra lines can be given in WPAS_GLOBAL (newline separated).
# wpas_global CTRL_DIR DEVICE_NAME CRED_PROCESSING: the global lines of a
# wired wpa_supplicant enrollee's config (also tests/bench/side_by_side.sh)
wpas_global() {
    echo "ctrl_interface=$1"
    echo "ap_scan=0"
    echo "eapol_version=2"
    echo "wps_cred_processing=$3"
    echo "device_name=$2"
    echo "manufacturer=wsc"
    echo "model_name=wpa_supplicant"
    echo "model_number=2.10"
    echo "serial_number=2"
    echo "device_type=1-0050F204-1"
    echo "config_methods=display push_button keypad"
}

wpas_conf() {
    local f=$1; shift
    {
        wpas_global "$WPAS_CTRL" wsc-interop-sta 2
        echo "update_config=1"
        [ -n "${WPAS_GLOBAL:-}" ] && printf '%s\n' "$WPAS_GLOBAL"
        echo "network={"
        echo "	key_mgmt=IEEE8021X"
        echo "	eap=WSC"
        echo "	eapol_flags=0"
        local l
        for l in "$@"; do echo "	$l"; done
        echo "}"
    } >"$f"
}

# wpas_start NETWORK_LINE...: write $CASE_DIR/wpas.conf (network block gets
# key_mgmt=IEEE8021X eap=WSC eapol_flags=0 + the given lines) and start
# wpa_supplicant -Dwired -dd -K -t in NS_B.
# Sets WPAS_CONF WPAS_LOG WPAS_CTRL WPAS_PID.
wpas_start() {
    WPAS_CONF="$CASE_DIR/wpas.conf"
    WPAS_LOG="$CASE_DIR/wpas.log"
    WPAS_CTRL="$CASE_DIR/wpas-ctrl"
    _wsc_rotate "$WPAS_LOG" "$CASE_DIR/wpas.out" "$WPAS_CONF" "$WPAS_CONF.orig"
    wpas_conf "$WPAS_CONF" "$@"
    cp "$WPAS_CONF" "$WPAS_CONF.orig"
    proc_start "$NS_B" "$CASE_DIR/wpas.out" \
        wpa_supplicant -Dwired -i "$IF_B" -c "$WPAS_CONF" -dd -K -t -f "$WPAS_LOG"
    WPAS_PID=$WSC_LAST_PID
    if ! wait_for "$WPAS_LOG" 'EAPOL: SUPP_PAE entering state CONNECTING' 5; then
        fail "wpa_supplicant did not come up"
        show_tail "$WPAS_LOG"; show_tail "$CASE_DIR/wpas.out"
        return 1
    fi
}

# wpas_stop: stop wpa_supplicant (e.g. to restart it for another attempt).
wpas_stop() { proc_stop "$WPAS_PID"; WPAS_PID=""; }

# wpa_cli_cmd ARGS...: wpa_cli against this case's wpa_supplicant.
wpa_cli_cmd() {
    wpa_cli -p "$WPAS_CTRL" -i "$IF_B" "$@"
}

# ----------------------------------------------------------------- tshark --

# tshark_start [PCAP] [NS] [IFACE]: capture EAPOL (ether proto 0x888e);
# default $CASE_DIR/eapol.pcap on NS_A/IF_A.  Waits until capturing.
# Sets TSHARK_PID TSHARK_PCAP.
tshark_start() {
    TSHARK_PCAP=${1:-$CASE_DIR/eapol.pcap}
    local ns=${2:-$NS_A} ifc=${3:-$IF_A}
    local lf="${TSHARK_PCAP%.pcap*}.tshark.log"
    proc_start "$ns" "$lf" \
        tshark -n -q -i "$ifc" -f 'ether proto 0x888e' -w "$TSHARK_PCAP"
    TSHARK_PID=$WSC_LAST_PID
    if ! wait_for "$lf" "Capturing on" 5; then
        fail "tshark did not start capturing"
        show_tail "$lf"
        return 1
    fi
    # "Capturing on" can come a few ms before frames are really captured
    # (seen under load: the first 4 frames of a run that started at once
    # were missing); TSHARK_SETTLE seconds of margin (default 0)
    [ "${TSHARK_SETTLE:-0}" = 0 ] || sleep "$TSHARK_SETTLE"
}

# tshark_stop: stop the capture cleanly (SIGINT flushes the file).
tshark_stop() {
    [ -n "${TSHARK_PID:-}" ] || return 0
    # give the last frames a moment to be written by dumpcap
    sleep 0.3
    kill -INT "$TSHARK_PID" 2>/dev/null
    local i
    for ((i = 0; i < 30; i++)); do
        kill -0 "$TSHARK_PID" 2>/dev/null || break
        sleep 0.1
    done
    proc_stop "$TSHARK_PID"
    TSHARK_PID=""
}

# -------------------------------------------------------------- WPS utils --

str2hex() { printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n'; }
hex2str() { printf '%b' "$(printf '%s' "$1" | sed 's/\(..\)/\\x\1/g')"; }

# wps_tlv_get HEX TYPE: print the value (hex) of the first WSC attribute of
# TYPE (4 hex digits, e.g. 1045) in a concatenation of TLVs.  Returns 1 if
# absent or malformed.
wps_tlv_get() {
    local hex=${1,,} want=${2,,} off=0 t l n=${#1}
    while [ $((off + 8)) -le "$n" ]; do
        t=${hex:off:4}
        l=$((16#${hex:off+4:4}))
        [ $((off + 8 + 2 * l)) -le "$n" ] || return 1
        if [ "$t" = "$want" ]; then
            echo "${hex:off+8:2*l}"
            return 0
        fi
        off=$((off + 8 + 2 * l))
    done
    return 1
}

# wps_tlv_types HEX: list the attribute types in order (space separated).
wps_tlv_types() {
    local hex=${1,,} off=0 l n=${#1} out=()
    while [ $((off + 8)) -le "$n" ]; do
        out+=("${hex:off:4}")
        l=$((16#${hex:off+4:4}))
        off=$((off + 8 + 2 * l))
    done
    echo "${out[*]}"
}

# pin_checksum 7DIGITS: print the WPS check digit.
pin_checksum() {
    local p=$1 acc=0 i d
    for ((i = 0; i < 7; i++)); do
        d=${p:i:1}
        if ((i % 2 == 0)); then acc=$((acc + 3 * d)); else acc=$((acc + d)); fi
    done
    echo $(((10 - acc % 10) % 10))
}

# run_tshark_check PCAP [ARGS...]: run tshark_check.sh, pass/fail.
run_tshark_check() {
    local pcap=$1; shift
    local chk="${pcap%.pcap*}.check.txt"
    if "$WSC_LIB_DIR/tshark_check.sh" "$@" "$pcap" >"$chk" 2>&1; then
        pass "tshark_check $* $(basename "$pcap"): $(grep -m1 '^seen:' "$chk")"
    else
        fail "tshark_check $* $(basename "$pcap")"
        sed 's/^/    | /' "$chk" >&2
    fi
}

# ------------------------------------------------ wsc (our implementation) --
# Added for interop.sh: run `wsc ap` (authenticator side, NS_A/IF_A) and
# `wsc sta` (EAP peer side, NS_B/IF_B) against the real peers above.
#
#   wsc_require_bin             WSC_BIN must be executable (missing -> skip,
#                               or a failure under CI=true)
#   proc_start_split NS OUT ERR CMD...
#                               like proc_start, stdout and stderr apart
#   proc_wait PID [TIMEOUT=10]  wait for a tracked background process to exit;
#                               sets WSC_LAST_RC (124: killed after TIMEOUT)
#   wscap_start CONF [ARGS...]  wsc ap -d -i IF_A -c CONF ARGS in NS_A; stdout
#                               (events) -> WSCAP_OUT, stderr -> WSCAP_ERR;
#                               waits for "serving WPS" (WSCAP_PID WSCAP_CONF)
#   wscap_wait [TIMEOUT=10]     wait for it to exit (--once); sets WSCAP_RC
#   wscap_stop                  SIGTERM it (and untrack)
#   wscsta_run [ARGS...]        wsc sta -d -i IF_B ARGS in NS_B, in the
#                               foreground with a WSCSTA_TIMEOUT (default 20 s)
#                               guard; WSCSTA_OUT / WSCSTA_ERR / WSCSTA_RC
# A restart rotates the old output files to *.1, *.2, ...

WSC_BIN=${WSC_BIN:-$(cd "$WSC_LIB_DIR/../.." && pwd)/build/wsc}

wsc_require_bin() {
    [ -x "$WSC_BIN" ] || \
        _wsc_missing "wsc binary not found: $WSC_BIN (build it first, or set WSC_BIN)"
}

proc_start_split() {
    local ns=$1 outf=$2 errf=$3; shift 3
    ip netns exec "$ns" "$@" >"$outf" 2>"$errf" </dev/null &
    WSC_LAST_PID=$!
    WSC_PIDS+=("$WSC_LAST_PID")
    vlog "started pid $WSC_LAST_PID in $ns: $*"
}

# Not in a $(...) subshell: `wait` only works for our own children.
proc_wait() {
    local pid=$1 to=${2:-10} deadline
    WSC_LAST_RC=""
    [ -n "$pid" ] || return 0
    deadline=$(awk -v n="$(_wsc_now)" -v t="$to" 'BEGIN{printf "%.3f", n+t}')
    while kill -0 "$pid" 2>/dev/null; do
        if awk -v n="$(_wsc_now)" -v d="$deadline" 'BEGIN{exit !(n>=d)}'; then
            proc_stop "$pid"
            WSC_LAST_RC=124
            return 0
        fi
        sleep 0.05
    done
    wait "$pid" 2>/dev/null
    WSC_LAST_RC=$?
    _wsc_forget "$pid"
}

wscap_start() {
    WSCAP_CONF=$1; shift
    WSCAP_OUT="$CASE_DIR/wscap.out"
    WSCAP_ERR="$CASE_DIR/wscap.err"
    WSCAP_RC=""
    _wsc_rotate "$WSCAP_OUT" "$WSCAP_ERR"
    proc_start_split "$NS_A" "$WSCAP_OUT" "$WSCAP_ERR" \
        "$WSC_BIN" ap -d -i "$IF_A" -c "$WSCAP_CONF" "$@"
    WSCAP_PID=$WSC_LAST_PID
    if ! wait_for "$WSCAP_ERR" 'serving WPS on' 5; then
        fail "wsc ap did not come up"
        show_tail "$WSCAP_ERR"; show_tail "$WSCAP_OUT"
        return 1
    fi
}

wscap_wait() {
    proc_wait "${WSCAP_PID:-}" "${1:-10}"
    WSCAP_RC=$WSC_LAST_RC
    WSCAP_PID=""
}

wscap_stop() { proc_stop "${WSCAP_PID:-}"; WSCAP_PID=""; }

wscsta_run() {
    WSCSTA_OUT="$CASE_DIR/wscsta.out"
    WSCSTA_ERR="$CASE_DIR/wscsta.err"
    _wsc_rotate "$WSCSTA_OUT" "$WSCSTA_ERR"
    timeout -k 2 "${WSCSTA_TIMEOUT:-20}" \
        ip netns exec "$NS_B" "$WSC_BIN" sta -d -i "$IF_B" "$@" \
        >"$WSCSTA_OUT" 2>"$WSCSTA_ERR" </dev/null
    WSCSTA_RC=$?
}

# parse_cred_line FILE PREFIX: from 'PREFIXssid="S" auth=A encr=E key="K"'
# (wsc's cred_print with --show-keys) set PL_SSID PL_AUTH PL_ENCR PL_KEY;
# returns 1 if there is no such line.
parse_cred_line() {
    local l
    l=$(grep -m1 "^$2" "$1") || { PL_SSID="" PL_AUTH="" PL_ENCR="" PL_KEY=""; return 1; }
    PL_SSID=$(sed -n 's/.*ssid="\(.*\)" auth=.*/\1/p' <<<"$l")
    PL_AUTH=$(sed -n 's/.* auth=\([^ ]*\) .*/\1/p' <<<"$l")
    PL_ENCR=$(sed -n 's/.* encr=\([^ ]*\) .*/\1/p' <<<"$l")
    PL_KEY=$(sed -n 's/.* key="\(.*\)"$/\1/p' <<<"$l")
}
