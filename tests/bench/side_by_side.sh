#!/usr/bin/env bash
# shellcheck disable=SC2153  # NS_A NS_B IF_A IF_B MAC_B AP_SSID ... come from lib.sh
# shellcheck disable=SC2015  # die never returns: 'cond && cond || die' is fine
# tests/bench/side_by_side.sh - wsc against hostapd and wpa_supplicant, side
# by side in one run, over EAPOL on a veth pair between two network
# namespaces (wired driver, as in tests/interop and tests/daemon, whose
# helpers it sources from tests/interop/lib.sh).
#
# A benchmark, not a test: it prints figures and asserts nothing about
# speed. It fails (exit 1, saying what) when a peer or tool is missing or a
# run does not complete with the credential in the enrollee's hands.
#
#   1. Registrar: hostapd, `wsc ap --dh-exponent-bits 200` (hostapd 2.10 on
#      OpenSSL 3 uses 200-bit private keys for group 5) and `wsc ap` with
#      its default exponent, each on the same hostapd.conf, each serving
#      the same wpa_supplicant PIN enrollees: a new wpa_supplicant process
#      on a new MAC address per run, as a new device would be. The PIN goes
#      to the registrar through its control socket before each run
#      (hostapd_cli / wsc cli wps_pin any PIN).
#   2. Enrollee: wpa_supplicant (one process; each run through wpa_cli
#      wps_pin any PIN) and `wsc sta --pin` (a process per run) at 200 bits
#      and the default, all enrolling with one hostapd (the same file as
#      above), which is armed through hostapd_cli before each run.
#
# Two figures per completed run, each from its own pass:
#   instructions  callgrind. A long-lived process (a registrar,
#                 wpa_supplicant) is zeroed once it is up and idle
#                 (callgrind_control -z), makes one first run that is
#                 dumped apart ("first run": what it initialises lazily
#                 lands there), then N runs, dumped: per run = dump / N.
#                 wsc sta makes one run per process: --collect-atstart=no
#                 --toggle-collect='run_once*' counts only inside run_once()
#                 (src/tool/sta.c): the one EAP conversation, from creating
#                 the EAP peer to its final status, on a socket already
#                 open. walk_wired(), its caller and the natural choice,
#                 is inlined into cmd_sta() by -O2 and has no symbol;
#                 cmd_sta() itself would also count the option parsing and
#                 eapol_open() (transport_linux.c), i.e. start-up.
#                 run_once is compiled as a clone (run_once.constprop.0),
#                 hence the pattern; the script checks that the symbol is
#                 there. wsc sta sets its crypto backend up at start-up
#                 (OpenSSL's configuration, provider and algorithm
#                 fetches), outside run_once, as wpa_supplicant does at
#                 its start-up; a process that makes one key pair builds
#                 no fixed-base table. Two rows check that: a "refused
#                 run" with the same toggle (hostapd without a PIN answers
#                 M1 with M2D: a key pair and M1; no shared secret, no
#                 session keys), and in it the inclusive cost of OpenSSL's
#                 EVP_*_fetch calls (0 when the set-up happened before).
#   CPU time      the same runs again natively. A long-lived process: the
#                 sum of the first fields of /proc/PID/task/*/schedstat
#                 (ns on a CPU) before and after, so the same first run and
#                 N runs. wsc sta: getrusage of the whole process as its
#                 parent shell sees it (bash's times, to the millisecond),
#                 start-up and exit included; the "wsc version" row is
#                 that start-up and exit alone, for scale.
# Every measurement starts and ends on an idle process (no CPU used for
# 0.2 s): wsc ap makes the next run's key pair after the last frame of a
# run, and that belongs to the run. The load average at the start and the
# end is printed: CPU times move with what else the machine runs,
# instruction counts do not.
#
# Two habits of the 2.10 peers on a wired port shape the enrollee side
# (neither is counted against any registrar):
#   - after a run that ended in EAP-Failure (every WPS run does) hostapd
#     holds that MAC address for its quietPeriod (60 s) and ignores its
#     EAPOL-Start: hostapd_cli deauthenticate forgets it before each run
#     (for wsc sta too, so both meet the same AP);
#   - after its WPS run, wpa_supplicant deauthenticates once more while
#     already disconnected and then drops every EAPOL frame ("as we are
#     disconnecting") until its EAP timeout, some 30 s later: each run is
#     wps_pin, then disconnect and reassociate (cheap control commands,
#     counted for wpa_supplicant).
# wpa_supplicant sends its first EAPOL-Start 1 s after it associates
# (startWhen): most of the wall time (about 4.5 minutes with N = 20).
# The wsc program is copied to the temp dir first: a rebuild during the
# run cannot mix two builds.
#
# usage: sudo tests/bench/side_by_side.sh [--runs N] [--json FILE] [--wsc PATH]
#   --runs N     runs per measurement after the first run (default 20)
#   --json FILE  the figures as one JSON object as well
#   --wsc PATH   the wsc program (default build/wsc)
# Env: WSC_KEEP=1 keeps the temp dir (logs, callgrind files); without it
# everything goes on exit, and a failure shows the logs' tails first.
# WSC_VERBOSE=1 says more.
# Exit: 0 figures printed, 1 a failure (named on stderr), 2 bad usage.

set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

RUNS=20
JSON=""
WSC_BIN=$ROOT/build/wsc

usage() { sed -n 's/^# usage: /usage: /p; /^#   --/s/^# //p' "$0" >&"${1:-1}"; }
while [ $# -gt 0 ]; do
    case $1 in
    --runs) RUNS=${2:-}; shift 2 || break ;;
    --json) JSON=${2:-}; shift 2 || break ;;
    --wsc) WSC_BIN=${2:-}; shift 2 || break ;;
    -h | --help) usage; exit 0 ;;
    *) usage 2; exit 2 ;;
    esac
done
case $RUNS in '' | *[!0-9]* | 0) echo "--runs wants a positive number" >&2; exit 2 ;; esac
case $WSC_BIN in /*) ;; *) WSC_BIN=$PWD/$WSC_BIN ;; esac

# shellcheck source-path=SCRIPTDIR source=../interop/lib.sh
. "$ROOT/tests/interop/lib.sh"

T_START=$(_wsc_now)
PIN=12345670
ENR_ID='identity="WFA-SimpleConfig-Enrollee-1-0"'
STARTUP_TO=120    # a daemon under valgrind coming up
RUN_TO_CG=60      # one run with one side under callgrind (about 50x slower)
RUN_TO=15         # one native run (wpa_supplicant waits 1 s before it starts)
TOGGLE='run_once*'

say() { log "$@" >&2; }
# die MSG [LOG...]: why the run stops, after the tails of the logs that
# tell more (they go with the temp dir); exit 1
die() {
    local msg=$1 f; shift
    for f in "$@"; do show_tail "$f" 15; done
    echo "side_by_side: FAILED: $msg" >&2
    exit 1
}

# need TOOL...: a benchmark does not skip; a missing peer is an error
need() {
    local t
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 || die "missing: $t (install it; the comparison needs it)"
    done
}

[ "$(id -u)" = 0 ] || die "must run as root (network namespaces, veth)"
need ip hostapd hostapd_cli wpa_supplicant wpa_cli valgrind callgrind_control \
    callgrind_annotate timeout nm awk sed grep cksum
[ -x "$WSC_BIN" ] || die "wsc program not found: $WSC_BIN (bash scripts/build.sh, or --wsc PATH)"

# on any exit: stop what was started, delete the namespaces (the veth
# pair goes with them) and the temp dir, failure or not, unless WSC_KEEP=1
finish() {
    local rc=$?
    trap - EXIT
    wsc_ns_destroy
    if [ "${WSC_KEEP:-0}" = 1 ]; then echo "logs kept in $WSC_TMP" >&2; else rm -rf "$WSC_TMP"; fi
    exit "$rc"
}
NS_A="" NS_B=""
WSC_TMP=$(mktemp -d /tmp/wsc-side-by-side.XXXXXX) || die "mktemp"
trap finish EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM
# every pass runs this copy: a rebuild during the run cannot mix two builds
cp "$WSC_BIN" "$WSC_TMP/wsc" || die "cannot copy $WSC_BIN"
say "temp dir: $WSC_TMP; wsc: $WSC_BIN ($(cksum <"$WSC_BIN" | cut -d' ' -f1))"
WSC_BIN="$WSC_TMP/wsc"
nm "$WSC_BIN" 2>/dev/null | grep -Eq ' [tT] run_once(\.[a-z]+\.[0-9]+)?$' ||
    die "no run_once symbol in $WSC_BIN (stripped, or inlined by this build): the wsc sta toggle would count nothing"
DEF_BITS=$("$WSC_BIN" sta --help | sed -n 's/.*--dh-exponent-bits.*(default \([0-9]*\)).*/\1/p')
DEF_BITS=${DEF_BITS:-default}
say "$RUNS runs per measurement after a first run"

# ------------------------------------------------------------- measuring --

# cpu_ns PID: nanoseconds on a CPU, all threads
cpu_ns() { awk '{ s += $1 } END { printf "%d\n", s }' /proc/"$1"/task/*/schedstat; }

# idle PID: until PID has used no CPU for 0.2 s (at most 20 s; a warning
# then, the figure is still a measurement)
idle() {
    local pid=$1 a b i
    b=$(cpu_ns "$pid")
    for ((i = 0; i < 100; i++)); do
        sleep 0.2
        a=$b
        b=$(cpu_ns "$pid") || die "process $pid is gone"
        [ "$a" = "$b" ] && return 0
    done
    say "warning: process $pid did not go idle within 20 s"
}

# cg_summary FILE: the instructions callgrind counted in one dump (in a
# $(...): the caller exits when it fails)
cg_summary() {
    local n
    n=$(sed -n 's/^summary: *//p' "$1")
    [ -n "$n" ] || n=$(sed -n 's/^totals: *//p' "$1")
    [ -n "$n" ] || die "no count in $1" "$1"
    echo "$n"
}

# mark PID: one point of a pass, on the idle process, appended to MARKS.
# Under callgrind (MODE instr) the first mark zeroes the counters and each
# later one dumps them: the instructions since the mark before. Natively
# (MODE cpu): the process's CPU time so far, in ns.
mark() {
    local pid=$1 f
    idle "$pid"
    if [ "$MODE" = cpu ]; then
        MARKS+=("$(cpu_ns "$pid")")
        return
    fi
    if [ ${#MARKS[@]} -eq 0 ]; then
        callgrind_control -z "$pid" >/dev/null 2>&1 || die "callgrind_control -z $pid"
        MARKS+=(0)
        return
    fi
    callgrind_control -d "$pid" >/dev/null 2>&1 || die "callgrind_control -d $pid"
    f="$CG_OUT.$pid.${#MARKS[@]}"
    wait_for "$f" '^totals:' 20 || die "callgrind wrote no $f"
    f=$(cg_summary "$f") || exit 1
    MARKS+=("$f")
}

# record KEY: the first run and the N runs of a pass from its three marks
# (KEY.instr_first, KEY.instr_per_run or KEY.cpu_ms_first, KEY.cpu_ms_per_run)
declare -A R
record() {
    local key=$1
    if [ "$MODE" = cpu ]; then
        R[$key.cpu_ms_first]=$(awk -v a="${MARKS[0]}" -v b="${MARKS[1]}" 'BEGIN { printf "%.3f", (b - a) / 1e6 }')
        R[$key.cpu_ms_per_run]=$(awk -v a="${MARKS[1]}" -v b="${MARKS[2]}" -v n="$RUNS" \
            'BEGIN { printf "%.3f", (b - a) / 1e6 / n }')
    else
        R[$key.instr_first]=${MARKS[1]}
        R[$key.instr_per_run]=$(awk -v s="${MARKS[2]}" -v n="$RUNS" 'BEGIN { printf "%d", s / n }')
    fi
    say "$key: first run $(figure "$key" first), then $(figure "$key" per_run) per run"
}

# figure KEY first|per_run: what MODE measured, in words
figure() {
    if [ "$MODE" = cpu ]; then echo "${R[$1.cpu_ms_$2]} ms"; else echo "${R[$1.instr_$2]} instructions"; fi
}

# pass_begin NAME: a directory for a pass measuring MODE (instr: under
# callgrind, through PREFIX; cpu: natively)
pass_begin() {
    PASS_DIR="$WSC_TMP/$1-$MODE"
    CG_OUT="$PASS_DIR/callgrind"
    MARKS=()
    mkdir -p "$PASS_DIR"
    PREFIX=()
    [ "$MODE" = instr ] && PREFIX=(valgrind --tool=callgrind "--callgrind-out-file=$CG_OUT.%p")
    RTO=$RUN_TO
    [ "$MODE" = instr ] && RTO=$RUN_TO_CG
    say "--- $1: $([ "$MODE" = instr ] && echo instructions || echo CPU time)"
}

# ------------------------------------------------------------- the peers --

# sta_conf FILE [NETWORK_LINE...]: a wpa_supplicant enrollee on a wired
# port that only reports the credential (wps_cred_processing=1: no network
# is added, nothing is saved, no connection follows)
sta_conf() {
    local f=$1 l; shift
    {
        wpas_global "$PASS_DIR/wpas-ctrl" wsc-bench-sta 1
        if [ $# -gt 0 ]; then
            echo "network={"
            for l in "$@"; do echo "	$l"; done
            echo "}"
        fi
    } >"$f"
}

# expect_wpas_cred LOG WHO: the last WPS-CRED-RECEIVED in LOG holds the
# AP's SSID and passphrase
expect_wpas_cred() {
    local hex body
    hex=$(grep -Eo 'WPS-CRED-RECEIVED [0-9a-f]+' "$1" | tail -n1 | awk '{print $2}')
    body=$(wps_tlv_get "$hex" 100e) || die "$2: no credential" "$1"
    [ "$(hex2str "$(wps_tlv_get "$body" 1045)")" = "$AP_SSID" ] &&
        [ "$(hex2str "$(wps_tlv_get "$body" 1027)")" = "$AP_PASSPHRASE" ] ||
        die "$2: a credential with another SSID or key" "$1"
}

# ap_file: the one hostapd.conf every registrar serves (lib.sh's wired
# base; hostapd's own default log level, not lib.sh's debug level)
ap_file() {
    HAPD_CTRL="$WSC_TMP/ctrl"
    AP_CONF="$WSC_TMP/hostapd.conf"
    hostapd_conf "$AP_CONF" "logger_stdout_level=2"
}

# ap_start KIND [ARGS...]: hostapd or wsc ap (KIND hostapd|wsc) on AP_CONF
# in NS_A, under PREFIX; waits until it serves. AP_PID, AP_LOG, AP_CLI
ap_start() {
    local kind=$1 ready; shift
    AP_LOG="$PASS_DIR/ap.log"
    if [ "$kind" = hostapd ]; then
        proc_start "$NS_A" "$AP_LOG" "${PREFIX[@]}" hostapd "$AP_CONF"
        ready='AP-ENABLED'
        AP_CLI=(hostapd_cli -p "$HAPD_CTRL" -i "$IF_A")
    else
        rm -f "$AP_CONF.wsc-state"
        proc_start "$NS_A" "$AP_LOG" "${PREFIX[@]}" "$WSC_BIN" ap -c "$AP_CONF" "$@"
        ready='serving WPS on'
        AP_CLI=("$WSC_BIN" cli -p "$HAPD_CTRL" -i "$IF_A")
    fi
    AP_PID=$WSC_LAST_PID
    wait_for "$AP_LOG" "$ready" "$STARTUP_TO" || die "$kind did not come up" "$AP_LOG"
    wait_for_socket "$HAPD_CTRL/$IF_A" 10 || die "$kind: no control socket" "$AP_LOG"
}

# wait_run FILE REGEX [N=1]: until N lines of FILE match (a run's end),
# RTO seconds at most; stops at once when the AP has gone
wait_run() {
    local i c
    for ((i = 0; i < RTO * 20; i++)); do
        c=$(grep -Ec -- "$2" "$1" 2>/dev/null)
        [ "${c:-0}" -ge "${3:-1}" ] && return 0
        kill -0 "$AP_PID" 2>/dev/null || die "the AP (pid $AP_PID) has gone" "$AP_LOG"
        sleep 0.05
    done
    return 1
}

# ap_arm: the PIN to the registrar through its control socket
ap_arm() {
    local r
    r=$("${AP_CLI[@]}" wps_pin any "$PIN" 2>&1)
    [ "$r" = OK ] || die "${AP_CLI[0]} wps_pin any $PIN: '$r'"
}

# ---------------------------------------------------------- 1. registrar --

# enroll_new I: enrollee I, a new wpa_supplicant process on a new MAC,
# until its run ends (EAP-Failure); it must hold the credential
enroll_new() {
    local i=$1 mac out
    mac=$(printf '02:57:53:42:%02x:%02x' $((i / 256)) $((i % 256)))
    out="$PASS_DIR/enrollee-$i.log"
    ip -n "$NS_B" link set "$IF_B" address "$mac" || die "cannot set $IF_B to $mac"
    proc_start "$NS_B" "$out" wpa_supplicant -Dwired -i "$IF_B" -c "$PASS_DIR/enrollee.conf" -t
    wait_run "$out" 'CTRL-EVENT-EAP-FAILURE|WPS-FAIL' ||
        die "enrollee $i ($mac): the run did not end within ${RTO}s" "$AP_LOG" "$out"
    proc_stop "$WSC_LAST_PID"
    expect_wpas_cred "$out" "enrollee $i ($mac)"
}

# registrar NAME KIND [ARGS...]: KIND hostapd|wsc (with ARGS) serves a
# first run, then RUNS runs; a new enrollee each
registrar() {
    local name=$1 kind=$2 i; shift 2
    pass_begin "registrar-$name"
    sta_conf "$PASS_DIR/enrollee.conf" "key_mgmt=WPS" "eap=WSC" "$ENR_ID" "phase1=\"pin=$PIN\""
    ap_start "$kind" "$@"
    mark "$AP_PID"
    for ((i = 0; i <= RUNS; i++)); do
        ap_arm
        enroll_new "$i"
        [ "$i" = 0 ] && mark "$AP_PID"
    done
    mark "$AP_PID"
    proc_stop "$AP_PID"
    record "registrar.$name"
}

# ----------------------------------------------------------- 2. enrollee --

# ap_ready_for_sta: hostapd forgets the station's last run, and is armed
ap_ready_for_sta() {
    "${AP_CLI[@]}" deauthenticate "$MAC_B" >/dev/null 2>&1
    ap_arm
}

# wpas_run K: run K of the one wpa_supplicant process, through wpa_cli
wpas_run() {
    local k=$1 r c
    ap_ready_for_sta
    for c in "wps_pin any $PIN" disconnect reassociate; do
        # shellcheck disable=SC2086  # the words of the command
        r=$(wpa_cli -p "$PASS_DIR/wpas-ctrl" -i "$IF_B" $c 2>&1)
        case $r in OK | "$PIN") ;; *) die "wpa_cli $c: '$r'" "$STA_LOG" ;; esac
    done
    wait_run "$STA_LOG" 'CTRL-EVENT-EAP-FAILURE' "$k" ||
        die "wpa_supplicant run $k did not end within ${RTO}s" "$AP_LOG" "$STA_LOG"
    [ "$(grep -c 'WPS-CRED-RECEIVED' "$STA_LOG")" = "$k" ] ||
        die "wpa_supplicant run $k ended without a credential" "$STA_LOG"
    expect_wpas_cred "$STA_LOG" "wpa_supplicant run $k"
}

# enrollee_wpas: one wpa_supplicant process makes a first run, then RUNS
enrollee_wpas() {
    local k
    pass_begin enrollee-wpa_supplicant
    STA_LOG="$PASS_DIR/wpa_supplicant.log"
    sta_conf "$PASS_DIR/wpas.conf"
    proc_start "$NS_B" "$STA_LOG" "${PREFIX[@]}" wpa_supplicant -Dwired -i "$IF_B" -c "$PASS_DIR/wpas.conf" -t
    local pid=$WSC_LAST_PID
    wait_for_socket "$PASS_DIR/wpas-ctrl/$IF_B" "$STARTUP_TO" || die "wpa_supplicant did not come up" "$STA_LOG"
    mark "$pid"
    for ((k = 1; k <= RUNS + 1; k++)); do
        wpas_run "$k"
        [ "$k" = 1 ] && mark "$pid"
    done
    mark "$pid"
    proc_stop "$pid"
    record enrollee.wpa_supplicant
}

# sta_once NAME WANT [ARGS...]: one wsc sta process in NS_B (under
# callgrind with the toggle in MODE instr, else with its CPU time noted in
# STA_CPU_MS); WANT cred: exit 0 with the AP's credential, or fail; WANT
# m2d: refused (exit 1 after M2D), or return 1
sta_once() {
    local name=$1 want=$2 out err tf rc; shift 2
    out="$PASS_DIR/$name.out" err="$PASS_DIR/$name.err" tf="$PASS_DIR/$name.times"
    if [ "$MODE" = instr ]; then
        timeout -k 2 $((RTO + 5)) ip netns exec "$NS_B" valgrind --tool=callgrind \
            --collect-atstart=no "--toggle-collect=$TOGGLE" "--callgrind-out-file=$PASS_DIR/$name.cg" \
            "$WSC_BIN" sta -i "$IF_B" --show-keys "$@" >"$out" 2>"$err" </dev/null
        rc=$?
    else
        # the parent shell's times: the child's whole life, to the ms
        # shellcheck disable=SC2016  # expanded by that shell
        timeout -k 2 $((RTO + 5)) ip netns exec "$NS_B" bash -c \
            'o=$1 e=$2 t=$3; shift 3; "$@" >"$o" 2>"$e" </dev/null; rc=$?; times >"$t"; exit $rc' \
            _ "$out" "$err" "$tf" "$WSC_BIN" sta -i "$IF_B" --show-keys "$@"
        rc=$?
        # its second line: the children's user and system time, "0m0.012s"
        STA_CPU_MS=$(awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); t += p[1] * 60000 + p[2] * 1000 } }
            END { printf "%.3f", t }' "$tf")
    fi
    if [ "$want" = m2d ]; then
        [ "$rc" = 1 ] && grep -q '^WPS-M2D ' "$out"
        return
    fi
    [ "$rc" = 0 ] || die "wsc sta $name: exit $rc" "$AP_LOG" "$out" "$err"
    parse_cred_line "$out" 'credential: ' && [ "$PL_SSID/$PL_KEY" = "$AP_SSID/$AP_PASSPHRASE" ] ||
        die "wsc sta $name: not the AP's credential" "$out"
}

# enrollee_wsc NAME [ARGS...]: RUNS wsc sta processes, one run each
enrollee_wsc() {
    local name=$1 k sum=0 v; shift
    pass_begin "enrollee-$name"
    for ((k = 1; k <= RUNS; k++)); do
        ap_ready_for_sta
        sta_once "run-$k" cred --pin "$PIN" --walk-time "$RTO" "$@"
        if [ "$MODE" = instr ]; then v=$(cg_summary "$PASS_DIR/run-$k.cg") || exit 1; else v=$STA_CPU_MS; fi
        sum=$(awk -v s="$sum" -v v="$v" 'BEGIN { printf "%.3f", s + v }')
    done
    if [ "$MODE" = instr ]; then
        R[enrollee.$name.instr_per_run]=$(awk -v s="$sum" -v n="$RUNS" 'BEGIN { printf "%d", s / n }')
    else
        R[enrollee.$name.cpu_ms_per_run]=$(awk -v s="$sum" -v n="$RUNS" 'BEGIN { printf "%.3f", s / n }')
    fi
    say "enrollee.$name: $(figure "enrollee.$name" per_run) per run (a process each)"
}

# enrollee_refused: the same toggle on a run that hostapd refuses (no PIN:
# M2D). --walk-time 1, so the process makes no second attempt; on a loaded
# machine the walk may end before M2D comes: up to 3 tries
enrollee_refused() {
    local i
    MODE=instr
    pass_begin enrollee-wsc-refused
    for ((i = 1; i <= 3; i++)); do
        "${AP_CLI[@]}" deauthenticate "$MAC_B" >/dev/null 2>&1
        sta_once refused m2d --pin "$PIN" --walk-time 1 && break
        [ "$i" = 3 ] && die "wsc sta: hostapd without a PIN never answered M2D within the walk" \
            "$PASS_DIR/refused.out" "$PASS_DIR/refused.err"
    done
    R[enrollee.wsc_refused.instr]=$(cg_summary "$PASS_DIR/refused.cg") || exit 1
    # OpenSSL's share: its first fetches load the configuration and the
    # provider and build the method store (a fetch found there costs
    # thousands); they are the only ones in this process
    R[enrollee.wsc_refused.openssl_fetch_instr]=$(callgrind_annotate --inclusive=yes --threshold=100 \
        "$PASS_DIR/refused.cg" 2>/dev/null | awk '/:EVP_[A-Z_]+_fetch \[/ { gsub(",", "", $1); s += $1 }
        END { printf "%d", s }')
    say "enrollee.wsc_refused: ${R[enrollee.wsc_refused.instr]} instructions," \
        "${R[enrollee.wsc_refused.openssl_fetch_instr]} in OpenSSL's fetches"
}

# startup_cpu: what a wsc process costs with no run at all (wsc version,
# RUNS times): the start-up and exit inside wsc sta's CPU figure
startup_cpu() {
    local tf="$WSC_TMP/version.times"
    bash -c 'n=$1; shift; for ((i = 0; i < n; i++)); do "$@" >/dev/null || exit 1; done; times >"$0"' \
        "$tf" "$RUNS" "$WSC_BIN" version || die "$WSC_BIN version failed"
    R[enrollee.wsc_startup.cpu_ms]=$(awk -v n="$RUNS" 'NR == 2 { for (i = 1; i <= 2; i++) {
        split($i, p, /[ms]/); t += p[1] * 60000 + p[2] * 1000 } } END { printf "%.3f", t / n }' "$tf")
    say "enrollee.wsc_startup: ${R[enrollee.wsc_startup.cpu_ms]} ms per process (wsc version)"
}

# ----------------------------------------------------------------- output --

M() { awk -v v="$1" 'BEGIN { printf "%.3fM", v / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
row() { printf '%-38s %11s %11s %11s %11s\n' "$@"; }

# long NAME KEY: the table row of a long-lived process's pass
long() {
    row "$1" "$(M "${R[$2.instr_per_run]}")" "${R[$2.cpu_ms_per_run]}" \
        "$(M "${R[$2.instr_first]}")" "${R[$2.cpu_ms_first]}"
}

report() {
    local h=registrar.hostapd w=enrollee.wpa_supplicant n
    for n in 200 default; do
        R[registrar.ratio.wsc_$n.instr]=$(ratio "${R[registrar.wsc_$n.instr_per_run]}" "${R[$h.instr_per_run]}")
        R[registrar.ratio.wsc_$n.cpu]=$(ratio "${R[registrar.wsc_$n.cpu_ms_per_run]}" "${R[$h.cpu_ms_per_run]}")
        R[enrollee.ratio.wsc_$n.instr]=$(ratio "${R[enrollee.wsc_$n.instr_per_run]}" "${R[$w.instr_per_run]}")
        R[enrollee.ratio.wsc_$n.instr_vs_first]=$(ratio "${R[enrollee.wsc_$n.instr_per_run]}" "${R[$w.instr_first]}")
        R[enrollee.ratio.wsc_$n.cpu]=$(ratio "${R[enrollee.wsc_$n.cpu_ms_per_run]}" "${R[$w.cpu_ms_per_run]}")
    done
    echo
    echo "Side by side, $RUNS runs per figure after a first run ($VERSIONS)"
    echo "load average $LOAD_START at the start, $LOAD_END at the end"
    echo
    echo "Registrar: each serves the same wpa_supplicant PIN enrollees (a new process and MAC per run)"
    row "" "instr/run" "CPU ms/run" "first run" "first run"
    row "" "" "" "instr" "CPU ms"
    long "hostapd" registrar.hostapd
    long "wsc ap --dh-exponent-bits 200" registrar.wsc_200
    long "wsc ap (default: $DEF_BITS bits)" registrar.wsc_default
    row "ratio wsc/hostapd, 200 bits" "${R[registrar.ratio.wsc_200.instr]}" "${R[registrar.ratio.wsc_200.cpu]}"
    row "ratio wsc/hostapd, default" "${R[registrar.ratio.wsc_default.instr]}" "${R[registrar.ratio.wsc_default.cpu]}"
    echo
    echo "Enrollee: each enrolls with one hostapd (the same file)"
    row "" "instr/run" "CPU ms/run" "first run" "first run"
    row "" "" "" "instr" "CPU ms"
    long "wpa_supplicant (one process)" "$w"
    row "wsc sta --dh-exponent-bits 200 (*)" "$(M "${R[enrollee.wsc_200.instr_per_run]}")" \
        "${R[enrollee.wsc_200.cpu_ms_per_run]}"
    row "wsc sta (default: $DEF_BITS bits) (*)" "$(M "${R[enrollee.wsc_default.instr_per_run]}")" \
        "${R[enrollee.wsc_default.cpu_ms_per_run]}"
    row "wsc sta, refused run (M2D) (*)" "$(M "${R[enrollee.wsc_refused.instr]}")"
    row "  in OpenSSL's EVP_*_fetch" "$(M "${R[enrollee.wsc_refused.openssl_fetch_instr]}")"
    row "wsc version (no run) (*)" "" "${R[enrollee.wsc_startup.cpu_ms]}"
    row "ratio wsc/wpa_supplicant, 200 bits" "${R[enrollee.ratio.wsc_200.instr]}" \
        "${R[enrollee.ratio.wsc_200.cpu]}" "${R[enrollee.ratio.wsc_200.instr_vs_first]}"
    row "ratio wsc/wpa_supplicant, default" "${R[enrollee.ratio.wsc_default.instr]}" \
        "${R[enrollee.ratio.wsc_default.cpu]}" "${R[enrollee.ratio.wsc_default.instr_vs_first]}"
    echo
    echo "first run: the first run after the process's start-up; the per-run figures are the"
    echo "  $RUNS runs after it. wsc ratio in the \"first run\" column: against that first run."
    echo "(*) a process per run. instr: inside $TOGGLE only (the run; the crypto backend's"
    echo "  set-up is at start-up). The refused run is a key pair and M1, and the fetches row"
    echo "  what OpenSSL's set-up still costs inside it. CPU: the whole process, start-up and"
    echo "  exit included (wsc version: those alone)."
}

# json FILE: the same figures as one JSON object
json() {
    local r=registrar e=enrollee
    cat >"$1" <<EOF
{
  "runs": $RUNS,
  "versions": "$VERSIONS",
  "load_average": {"start": "$LOAD_START", "end": "$LOAD_END"},
  "default_dh_exponent_bits": "$DEF_BITS",
  "registrar": {
    "hostapd": {"instr_per_run": ${R[$r.hostapd.instr_per_run]}, "cpu_ms_per_run": ${R[$r.hostapd.cpu_ms_per_run]},
                "instr_first": ${R[$r.hostapd.instr_first]}, "cpu_ms_first": ${R[$r.hostapd.cpu_ms_first]}},
    "wsc_200": {"instr_per_run": ${R[$r.wsc_200.instr_per_run]}, "cpu_ms_per_run": ${R[$r.wsc_200.cpu_ms_per_run]},
                "instr_first": ${R[$r.wsc_200.instr_first]}, "cpu_ms_first": ${R[$r.wsc_200.cpu_ms_first]}},
    "wsc_default": {"instr_per_run": ${R[$r.wsc_default.instr_per_run]}, "cpu_ms_per_run": ${R[$r.wsc_default.cpu_ms_per_run]},
                "instr_first": ${R[$r.wsc_default.instr_first]}, "cpu_ms_first": ${R[$r.wsc_default.cpu_ms_first]}},
    "ratio": {
      "wsc_200": {"instr": ${R[$r.ratio.wsc_200.instr]}, "cpu": ${R[$r.ratio.wsc_200.cpu]}},
      "wsc_default": {"instr": ${R[$r.ratio.wsc_default.instr]}, "cpu": ${R[$r.ratio.wsc_default.cpu]}}
    }
  },
  "enrollee": {
    "wpa_supplicant": {"instr_per_run": ${R[$e.wpa_supplicant.instr_per_run]}, "cpu_ms_per_run": ${R[$e.wpa_supplicant.cpu_ms_per_run]},
                "instr_first": ${R[$e.wpa_supplicant.instr_first]}, "cpu_ms_first": ${R[$e.wpa_supplicant.cpu_ms_first]}},
    "wsc_200": {"instr_per_run": ${R[$e.wsc_200.instr_per_run]}, "cpu_ms_per_run": ${R[$e.wsc_200.cpu_ms_per_run]}},
    "wsc_default": {"instr_per_run": ${R[$e.wsc_default.instr_per_run]}, "cpu_ms_per_run": ${R[$e.wsc_default.cpu_ms_per_run]}},
    "wsc_refused": {"instr": ${R[$e.wsc_refused.instr]}, "openssl_fetch_instr": ${R[$e.wsc_refused.openssl_fetch_instr]}},
    "wsc_startup": {"cpu_ms": ${R[$e.wsc_startup.cpu_ms]}},
    "wsc_instr_counts": "inside $TOGGLE (one-time crypto set-up included); cpu: whole process",
    "ratio": {
      "wsc_200": {"instr": ${R[$e.ratio.wsc_200.instr]}, "instr_vs_first": ${R[$e.ratio.wsc_200.instr_vs_first]}, "cpu": ${R[$e.ratio.wsc_200.cpu]}},
      "wsc_default": {"instr": ${R[$e.ratio.wsc_default.instr]}, "instr_vs_first": ${R[$e.ratio.wsc_default.instr_vs_first]}, "cpu": ${R[$e.ratio.wsc_default.cpu]}}
    }
  }
}
EOF
}

# ------------------------------------------------------------------- main --

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
VERSIONS="$("$WSC_BIN" version), $(hostapd -v 2>&1 | grep -m1 -o 'hostapd v[0-9.]*'),"
VERSIONS+=" $(wpa_supplicant -v 2>&1 | grep -m1 -o 'wpa_supplicant v[0-9.]*'), $(valgrind --version)"
wsc_ns_create || die "cannot create the namespaces and veth pair"
ap_file

for MODE in instr cpu; do
    registrar hostapd hostapd
    registrar wsc_200 wsc --dh-exponent-bits 200
    registrar wsc_default wsc
done

ip -n "$NS_B" link set "$IF_B" address "$MAC_B" || die "cannot set $IF_B to $MAC_B"
PREFIX=() PASS_DIR="$WSC_TMP"
ap_start hostapd
for MODE in instr cpu; do
    enrollee_wpas
    enrollee_wsc wsc_200 --dh-exponent-bits 200
    enrollee_wsc wsc_default
done
enrollee_refused
proc_stop "$AP_PID"
startup_cpu

LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
report
[ -z "$JSON" ] || json "$JSON" || die "cannot write $JSON"
echo
echo "took $(awk -v a="$T_START" -v b="$(_wsc_now)" 'BEGIN { printf "%.0f", b - a }') s"
