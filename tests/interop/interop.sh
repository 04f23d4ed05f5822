#!/bin/bash
# shellcheck disable=SC2015  # pass never fails: 'cond && pass || fail' is fine
# tests/interop/interop.sh - wsc against real peers: `wsc sta` against hostapd,
# `wsc ap` against wpa_supplicant, and `wsc ap` against `wsc sta`, over EAPOL
# on a veth pair between two network namespaces (see lib.sh, NOTES.md).
#
# Every case asserts the credential / settings each side ends with, the
# events and exit codes of both sides, and the wire (tshark capture checked
# by tshark_check.sh).  The cases are a matrix, AP x STA x MODE, run once
# unfragmented and once with fragment size 50 on both peers:
#
#   AP   hostapd | wscap (wsc ap)          STA  wpas (wpa_supplicant) | wscsta
#   MODE pin          enrollee, PIN 12345670 armed on the AP registrar
#        pbc          enrollee, push button
#        unconf       enrollee, `wsc ap` unconfigured (wps_state=1) with ssid
#        unconf_nossid  the same without ssid / passphrase in the file
#        learn        external registrar with the AP PIN, learns the settings
#        config       external registrar, gives the AP a new SSID/passphrase
#        wrongpin     enrollee with a wrong PIN (87654325): config_error 18
#        wrongappin   external registrar with a wrong AP PIN: config_error 18
#   After unconf* and config, `wsc ap` is restarted on the file it rewrote and
#   a second enrollee must get the same settings.
#
# usage: sudo tests/interop/interop.sh [PATTERN...]
#   PATTERN: bash glob over case names "AP-STA-MODE[-fragN]", e.g.
#   'hostapd-*' '*-frag50' 'wscap-wpas-pin'.  Default: all cases.
# Env: INTEROP_JOBS=N  run the cases in N parallel jobs (default 3; each job
#                    is this script on a share of the cases, with its own
#                    namespaces and temp dir; 1 = sequential, about 3 min)
#      INTEROP_FRAGS="0 50" (fragment sizes; 0 = default, unfragmented),
#      WSC_BIN (default build/wsc; e.g. an ASan build: sanitizer reports on
#      wsc's stderr fail the case), CI=true (missing tool = failure),
#      WSC_KEEP=1, WSC_ARTIFACTS=DIR, WSC_VERBOSE=1 (see lib.sh).
# Exit: 0 all passed, 1 a failure, 77 skipped (not root / tool missing).

set -u
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
T_START=$(_wsc_now)
SHARD_PIDS_ALL=()       # parallel jobs (child processes of this script)
SHARD_RUNNING=()        # ... not yet waited for
wsc_require_root        # (wsc_init checks again) before the temp dir is made
wsc_require_tools text2pcap od cmp diff
wsc_require_bin
wsc_init interop
# On exit or interruption, stop the parallel jobs first.  Each job cleans up
# after itself when it gets SIGTERM (after the command it is waiting for);
# what is left after 25 s - its namespaces wsc[AB]<job pid>-N and everything
# in them - is removed here.  Then lib.sh's wsc_cleanup.
interop_cleanup() {
    local rc=$? pid ns i alive
    if [ ${#SHARD_RUNNING[@]} -gt 0 ]; then
        for pid in "${SHARD_RUNNING[@]}"; do kill -TERM "$pid" 2>/dev/null; done
        for ((i = 0; i < 250; i++)); do
            alive=0
            for pid in "${SHARD_RUNNING[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
            [ $alive = 0 ] && break
            sleep 0.1
        done
        for pid in "${SHARD_RUNNING[@]}"; do
            kill -KILL "$pid" 2>/dev/null
            wait "$pid" 2>/dev/null
            for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^${WSC_NS_PREFIX}[AB]$pid-"); do
                _wsc_ns_delete "$ns"
            done
        done
        SHARD_RUNNING=()
    fi
    (exit "$rc")
    wsc_cleanup
}
trap 'interop_cleanup' EXIT
log "wsc binary: $WSC_BIN"

ENR_ID='identity="WFA-SimpleConfig-Enrollee-1-0"'
REG_ID='identity="WFA-SimpleConfig-Registrar-1-0"'
PIN=12345670            # registrar PIN for enrollee runs (= AP_PIN)
WRONG_PIN=87654325      # valid check digit, both halves wrong
NEW_SSID=wsc-new-ssid
NEW_PASS=new-passphrase-42
FULL_RUN="M1 M2 M3 M4 M5 M6 M7 M8 WSC_Done"
WSCSTA_WALK=10          # wsc sta --walk-time
WSCSTA_TIMEOUT=20       # hard guard around wsc sta
AP_WALK=30              # wsc ap --walk-time
RUN_T=12                # wait for a run's result
# wsc sta starts its run at once: give the capture a moment to be really live
TSHARK_SETTLE=${TSHARK_SETTLE:-0.3}

# Network keys of a hostapd config; everything else must survive a rewrite.
NET_KEYS_RE='^(wps_state|ssid|ssid2|wpa|wpa_key_mgmt|rsn_pairwise|wpa_pairwise|wpa_passphrase|wpa_psk)='

# ---------------------------------------------------------- the matrix -----

MATRIX=(
    "hostapd wscsta pin"
    "hostapd wscsta pbc"
    "hostapd wscsta learn"
    "hostapd wscsta config"
    "hostapd wscsta wrongpin"
    "hostapd wscsta wrongappin"
    "wscap wpas pin"
    "wscap wpas pbc"
    "wscap wpas unconf"
    "wscap wpas unconf_nossid"
    "wscap wpas learn"
    "wscap wpas config"
    "wscap wpas wrongpin"
    "wscap wpas wrongappin"
    "wscap wscsta pin"
    "wscap wscsta pbc"
    "wscap wscsta unconf"
    "wscap wscsta unconf_nossid"
    "wscap wscsta learn"
    "wscap wscsta config"
    "wscap wscsta wrongpin"
    "wscap wscsta wrongappin"
)

# Mode properties.
# mode_result MODE: enrolled | learned | configured | failed
mode_result() {
    case $1 in
    pin|pbc|unconf|unconf_nossid) echo enrolled ;;
    learn) echo learned ;;
    config) echo configured ;;
    wrongpin|wrongappin) echo failed ;;
    esac
}
# mode_er MODE: true if the STA is the (external) registrar
mode_er() { case $1 in learn|config|wrongappin) return 0 ;; esac; return 1; }
# mode_arm MODE: how the AP registrar is armed: pin | pbc | "" (not at all)
mode_arm() {
    case $1 in
    pin|unconf|unconf_nossid|wrongpin) echo pin ;;
    pbc) echo pbc ;;
    *) echo "" ;;
    esac
}
# mode_sta_pw MODE: the STA's password: a PIN, or "pbc"
mode_sta_pw() {
    case $1 in
    pin|unconf|unconf_nossid|learn|config) echo "$PIN" ;;
    pbc) echo pbc ;;
    wrongpin|wrongappin) echo "$WRONG_PIN" ;;
    esac
}
# mode_wire MODE: the exact WSC message sequence on the wire
mode_wire() {
    case $1 in
    pin|pbc|unconf|unconf_nossid) echo "$FULL_RUN" ;;
    learn) echo "M1 M2 M3 M4 M5 M6 M7 WSC_NACK" ;;
    config) echo "M1 M2 M3 M4 M5 M6 M7 M8 WSC_Done WSC_ACK" ;;
    wrongpin) echo "M1 M2 M3 M4 WSC_NACK" ;;
    wrongappin) echo "M1 M2 M3 M4 WSC_NACK WSC_NACK" ;;
    esac
}
# mode_wire_seq MODE: sub-sequences of the EAP exchange that must appear
mode_wire_seq() {
    case $1 in
    pin|pbc|unconf|unconf_nossid)
        echo "Resp/Identity Req/WSC_Start Resp/M1"
        echo "Req/M8 Resp/WSC_Done EAP-Failure" ;;
    learn)
        echo "Resp/Identity Req/M1 Resp/M2"
        echo "Req/M7 Resp/WSC_NACK(config_error=0) EAP-Failure" ;;
    config)
        echo "Resp/Identity Req/M1 Resp/M2"
        echo "Resp/M8 Req/WSC_Done Resp/WSC_ACK EAP-Failure" ;;
    wrongpin)
        echo "Req/M4 Resp/WSC_NACK(config_error=18) EAP-Failure" ;;
    wrongappin)
        echo "Req/M3 Resp/M4 Req/WSC_NACK(config_error=18) Resp/WSC_NACK(config_error=0) EAP-Failure" ;;
    esac
}

# ------------------------------------------------------------ helpers ------

# conf_get FILE KEY: value of the first KEY= line
conf_get() { sed -n "s/^$2=//p" "$1" | head -n1; }
# the AP PIN failures in wsc ap's state blob ("" while it has none)
state_failures() {
    [ -e "$AP_CONF.wsc-state" ] || return 0
    python3 "$HERE/../daemon/wsc_state.py" get "$AP_CONF.wsc-state" failures
}
# conf_count FILE KEY: number of KEY= lines
conf_count() { grep -c "^$2=" "$1"; }

# check_eq DESC GOT WANT
check_eq() {
    if [ "$2" = "$3" ]; then pass "$1 = '$3'"; else fail "$1 = '$2', want '$3'"; fi
}

# passphrase_ok KEY: 8..63 printable ASCII
passphrase_ok() { [[ "$1" =~ ^[[:print:]]{8,63}$ ]]; }

# cred_hex_from_log LOG: the Credential hex of the last "WPS-CRED-RECEIVED <hex>"
cred_hex_from_log() {
    grep -Eo 'WPS-CRED-RECEIVED [0-9a-f]+' "$1" | tail -n1 | awk '{print $2}'
}


# check_pcap EXACT [SEQ...]: stop the capture, run tshark_check.sh
check_pcap() {
    local exact=$1; shift
    local opts=(--exact "$exact" --eap-end Failure) s f
    tshark_stop
    [ "$C_FRAG" != 0 ] && opts+=(--frag --max-frag "$C_FRAG")
    run_tshark_check "$TSHARK_PCAP" "${opts[@]}"
    f="${TSHARK_PCAP%.pcap*}.check.txt"
    s=$(sed -n 's/^sequence: //p' "$f")
    for seq in "$@"; do
        if [[ " $s " == *" $seq "* ]]; then pass "wire sequence contains: $seq"
        else fail "wire sequence lacks '$seq': $s"; fi
    done
}

# ----------------------------------------------------------- AP: hostapd ---

ap_setup_hostapd() {
    local mode=$1 lines=("ap_pin=$AP_PIN") r
    [ "$C_FRAG" != 0 ] && lines+=("fragment_size=$C_FRAG")
    hostapd_start "${lines[@]}" || return 1
    AP_CONF=$HAPD_CONF
    AP_CONF_REF="$CASE_DIR/ap.conf.before"
    cp "$AP_CONF" "$AP_CONF_REF"
    case $(mode_arm "$mode") in
    pin)
        r=$(hostapd_cli_cmd wps_pin any "$PIN")
        check_eq "hostapd_cli wps_pin any $PIN" "$r" OK ;;
    pbc)
        r=$(hostapd_cli_cmd wps_pbc)
        check_eq "hostapd_cli wps_pbc" "$r" OK
        expect_log "$HAPD_LOG" 'WPS-PBC-ACTIVE' 3 "hostapd: WPS-PBC-ACTIVE" ;;
    esac
}

ap_check_hostapd() {
    local mode=$1
    case $(mode_result "$mode") in
    enrolled)
        expect_log "$HAPD_LOG" "WPS-REG-SUCCESS $MAC_B [0-9a-f-]{36}" 3 "hostapd: WPS-REG-SUCCESS $MAC_B <uuid-e>"
        expect_log "$HAPD_LOG" 'WPS-SUCCESS' 3 "hostapd: WPS-SUCCESS"
        [ "$mode" = pbc ] && expect_log "$HAPD_LOG" 'WPS-PBC-DISABLE' 3 "hostapd: WPS-PBC-DISABLE"
        check "hostapd.conf unchanged" cmp -s "$AP_CONF" "$AP_CONF_REF" ;;
    learned)
        expect_log "$HAPD_LOG" 'WPS-FAIL msg=11 config_error=0' 3 "hostapd: WPS-FAIL msg=11 config_error=0 (the designed end of a learn run)"
        expect_no_log "$HAPD_LOG" 'WPS-NEW-AP-SETTINGS' "hostapd: no WPS-NEW-AP-SETTINGS"
        expect_no_log "$HAPD_LOG" 'AP PIN authentication failure' "hostapd: no AP PIN failure counted"
        check "hostapd.conf unchanged" cmp -s "$AP_CONF" "$AP_CONF_REF" ;;
    configured)
        expect_log "$HAPD_LOG" 'WPS-NEW-AP-SETTINGS' 3 "hostapd: WPS-NEW-AP-SETTINGS"
        expect_log "$HAPD_LOG" 'WPS-SUCCESS' 3 "hostapd: WPS-SUCCESS"
        expect_log "$HAPD_LOG" 'Reconfigured interface' 3 "hostapd: reloaded its configuration"
        check "hostapd.conf rewritten: ssid=$NEW_SSID" grep -qx "ssid=$NEW_SSID" "$AP_CONF"
        check "hostapd.conf rewritten: wpa_passphrase=$NEW_PASS" grep -qx "wpa_passphrase=$NEW_PASS" "$AP_CONF"
        check "hostapd_cli get_config: ssid=$NEW_SSID" grep -qx "ssid=$NEW_SSID" <(hostapd_cli_cmd get_config) ;;
    failed)
        expect_log "$HAPD_LOG" 'WPS-FAIL msg=8 config_error=18' 3 "hostapd: WPS-FAIL msg=8 config_error=18"
        [ "$mode" = wrongappin ] && expect_log "$HAPD_LOG" 'AP PIN authentication failure number 1 ' 2 "hostapd: AP PIN authentication failure number 1"
        expect_no_log "$HAPD_LOG" 'WPS-SUCCESS|WPS-REG-SUCCESS|WPS-NEW-AP-SETTINGS' "hostapd: no success, no new settings"
        check "hostapd.conf unchanged" cmp -s "$AP_CONF" "$AP_CONF_REF" ;;
    esac
    # the AP's settings after the run
    AP_SSID_NOW=$(conf_get "$AP_CONF" ssid)
    AP_KEY_NOW=$(conf_get "$AP_CONF" wpa_passphrase)
}

# ------------------------------------------------------------ AP: wsc ap ---

# wscap_conf FILE MODE: a hostapd-style file with comments and keys wsc ap
# ignores (they must survive a rewrite)
wscap_conf() {
    local f=$1 mode=$2 state=2 nossid=0
    case $mode in unconf) state=1 ;; unconf_nossid) state=1; nossid=1 ;; esac
    {
        echo "# wsc ap interop configuration -- this comment must survive a rewrite"
        echo "interface=$IF_A"
        echo "driver=wired"
        echo "ieee8021x=1"
        echo "eap_server=1"
        echo ""
        echo "# --- network: wsc rewrites these when it gets (or makes up) settings"
        [ $nossid = 1 ] || echo "ssid=$AP_SSID"
        echo "wpa=2"
        echo "wpa_key_mgmt=WPA-PSK"
        echo "rsn_pairwise=CCMP"
        [ $nossid = 1 ] || echo "wpa_passphrase=$AP_PASSPHRASE"
        echo "wps_state=$state"
        echo "# --- device"
        echo "ap_pin=$AP_PIN"
        echo "device_name=wsc-interop-ap"
        echo "manufacturer=wsc"
        echo "model_name=wsc-ap"
        echo "model_number=1"
        echo "serial_number=42"
        echo "device_type=6-0050F204-1"
        echo "config_methods=label display push_button keypad"
        echo "country_code=DE"
        [ "$C_FRAG" != 0 ] && echo "fragment_size=$C_FRAG"
        echo "# end of file"
    } >"$f"
}

# wscap_launch MODE: start wsc ap --once on AP_CONF, armed for MODE
wscap_launch() {
    local mode=$1 args=(--once --show-keys --walk-time "$AP_WALK")
    case $(mode_arm "$mode") in
    pin) args+=(--pin "$PIN") ;;
    pbc) args+=(--pbc) ;;
    esac
    wscap_start "$AP_CONF" "${args[@]}" || return 1
    case $(mode_arm "$mode") in
    pin) ;;   # armed at start; hostapd raises no event for a PIN
    pbc) expect_log "$WSCAP_OUT" '^WPS-PBC-ACTIVE $' 2 "wsc ap: WPS-PBC-ACTIVE" ;;
    esac
    return 0
}

ap_setup_wscap() {
    local mode=$1
    AP_CONF="$CASE_DIR/wscap.conf"
    wscap_conf "$AP_CONF" "$mode"
    AP_CONF_REF="$CASE_DIR/ap.conf.before"
    cp "$AP_CONF" "$AP_CONF_REF"
    wscap_launch "$mode" || return 1
    local want=configured
    case $mode in unconf*) want=unconfigured ;; esac
    expect_log "$WSCAP_ERR" "serving WPS on $IF_A \($want\)" 1 "wsc ap: serving WPS ($want)"
}

# the rewritten file: network keys replaced, every other line kept in order
check_rewritten_conf() {
    local ssid=$1 key=$2 f=$AP_CONF before=$AP_CONF_REF
    check_eq "wsc ap file: wps_state" "$(conf_get "$f" wps_state)" 2
    check_eq "wsc ap file: ssid" "$(conf_get "$f" ssid)" "$ssid"
    check_eq "wsc ap file: wpa_passphrase" "$(conf_get "$f" wpa_passphrase)" "$key"
    check_eq "wsc ap file: number of wps_state/ssid/wpa_passphrase lines" \
        "$(conf_count "$f" wps_state)/$(conf_count "$f" ssid)/$(conf_count "$f" wpa_passphrase)" 1/1/1
    check_eq "wsc ap file: wpa / wpa_key_mgmt" "$(conf_get "$f" wpa)/$(conf_get "$f" wpa_key_mgmt)" 2/WPA-PSK
    if diff <(grep -Ev "$NET_KEYS_RE" "$before") <(grep -Ev "$NET_KEYS_RE" "$f") >"$CASE_DIR/conf.diff"; then
        pass "wsc ap file: all $(grep -Evc "$NET_KEYS_RE" "$before") other lines (comments, blank, device keys) kept, in order"
    else
        fail "wsc ap file: other lines changed"; sed 's/^/    | /' "$CASE_DIR/conf.diff" >&2
    fi
    check "wsc ap file: no temporary file left" test -z "$(find "$(dirname "$f")" -name "$(basename "$f").tmp*")"
}

ap_check_wscap() {
    local mode=$1 restarted=${2:-0} rc_want=0
    case $(mode_result "$mode") in learned|failed) rc_want=1 ;; esac
    wscap_wait 10
    check_eq "wsc ap --once: exit status" "$WSCAP_RC" "$rc_want"
    case $(mode_result "$mode") in
    enrolled)
        expect_log "$WSCAP_OUT" "^WPS-ENROLLEE-SEEN $MAC_B [0-9a-f-]{36} " 1 "wsc ap: WPS-ENROLLEE-SEEN $MAC_B"
        expect_log "$WSCAP_OUT" "^WPS-REG-SUCCESS $MAC_B [0-9a-f-]{36}$" 1 "wsc ap: WPS-REG-SUCCESS $MAC_B <uuid-e>"
        expect_log "$WSCAP_OUT" '^WPS-SUCCESS $' 1 "wsc ap: WPS-SUCCESS"
        expect_no_log "$WSCAP_OUT" 'WPS-FAIL' "wsc ap: no WPS-FAIL"
        case $mode in
        unconf*)
            if [ "$restarted" = 1 ]; then
                expect_no_log "$WSCAP_OUT" 'WPS-NEW-AP-SETTINGS' "wsc ap (restarted, configured): no WPS-NEW-AP-SETTINGS"
                check "wsc ap file unchanged by the second run" cmp -s "$AP_CONF" "$AP_CONF_REF"
            else
                # the settings it made up: what the enrollee received
                # (GOT_*, from sta_check), its settings line, its file
                expect_log "$WSCAP_OUT" '^WPS-NEW-AP-SETTINGS $' 1 "wsc ap: WPS-NEW-AP-SETTINGS (became configured)"
                if parse_cred_line "$WSCAP_OUT" 'settings: '; then
                    check_eq "wsc ap: settings line == the enrollee's credential" \
                        "$PL_SSID/$PL_AUTH/$PL_ENCR/$PL_KEY" "$GOT_SSID/WPA2PSK/CCMP/$GOT_KEY"
                else
                    fail "wsc ap: no 'settings:' line"
                fi
                [ ${#GOT_KEY} -ge 20 ] && passphrase_ok "$GOT_KEY" \
                    && pass "invented passphrase has ${#GOT_KEY} (>= 20) printable characters" \
                    || fail "invented passphrase '$GOT_KEY' (${#GOT_KEY} characters)"
                if [ "$mode" = unconf ]; then
                    check_eq "invented settings keep the file's ssid" "$GOT_SSID" "$AP_SSID"
                    [ "$GOT_KEY" != "$AP_PASSPHRASE" ] && pass "passphrase is new (not the file's old one)" \
                        || fail "passphrase was not regenerated"
                else
                    [ -n "$GOT_SSID" ] && pass "invented SSID '$GOT_SSID'" || fail "empty invented SSID"
                fi
                check_rewritten_conf "$GOT_SSID" "$GOT_KEY"
            fi ;;
        *)
            expect_no_log "$WSCAP_OUT" 'WPS-NEW-AP-SETTINGS' "wsc ap: no WPS-NEW-AP-SETTINGS"
            check "wsc ap file unchanged" cmp -s "$AP_CONF" "$AP_CONF_REF" ;;
        esac ;;
    learned)
        expect_log "$WSCAP_OUT" '^WPS-FAIL msg=11 config_error=0$' 1 "wsc ap: WPS-FAIL msg=11 config_error=0 (the designed end of a learn run, as hostapd)"
        expect_no_log "$WSCAP_OUT" 'WPS-NEW-AP-SETTINGS|WPS-SUCCESS' "wsc ap: no new settings, no success"
        check "wsc ap: no AP PIN failure counted" test "$(state_failures)" = "" -o "$(state_failures)" = 0
        check "wsc ap file unchanged" cmp -s "$AP_CONF" "$AP_CONF_REF" ;;
    configured)
        expect_log "$WSCAP_OUT" '^WPS-NEW-AP-SETTINGS $' 1 "wsc ap: WPS-NEW-AP-SETTINGS"
        expect_log "$WSCAP_OUT" '^WPS-SUCCESS $' 1 "wsc ap: WPS-SUCCESS"
        if parse_cred_line "$WSCAP_OUT" 'settings: '; then
            check_eq "wsc ap: new settings" "$PL_SSID/$PL_AUTH/$PL_ENCR/$PL_KEY" "$NEW_SSID/WPA2PSK/CCMP/$NEW_PASS"
        else
            fail "wsc ap: no 'settings:' line"
        fi
        check_rewritten_conf "$NEW_SSID" "$NEW_PASS" ;;
    failed)
        expect_log "$WSCAP_OUT" '^WPS-FAIL msg=8 config_error=18$' 1 "wsc ap: WPS-FAIL msg=8 config_error=18"
        expect_no_log "$WSCAP_OUT" 'WPS-SUCCESS|WPS-REG-SUCCESS|WPS-NEW-AP-SETTINGS' "wsc ap: no success, no new settings"
        [ "$mode" = wrongappin ] && check_eq "wsc ap: AP PIN failure counted in $(basename "$AP_CONF").wsc-state: failures" \
            "$(state_failures)" 1
        check "wsc ap file unchanged" cmp -s "$AP_CONF" "$AP_CONF_REF" ;;
    esac
    expect_no_log "$WSCAP_ERR" '^error:|could not save|^wsc ap: .*(send|cannot|refused)|Sanitizer|runtime error:' "wsc ap: no errors (nor sanitizer reports) on stderr"
    AP_SSID_NOW=$(conf_get "$AP_CONF" ssid)
    AP_KEY_NOW=$(conf_get "$AP_CONF" wpa_passphrase)
}

# ------------------------------------------------------ STA: wpa_supplicant -

sta_run_wpas() {
    local mode=$1 pw lines
    pw=$(mode_sta_pw "$mode")
    if mode_er "$mode"; then
        local p1="pin=$pw"
        [ "$mode" = config ] && p1+=" new_ssid=$(str2hex "$NEW_SSID") new_auth=WPA2PSK new_encr=CCMP new_key=$(str2hex "$NEW_PASS")"
        lines=("$REG_ID" "phase1=\"$p1\"")
    elif [ "$pw" = pbc ]; then
        lines=("$ENR_ID" 'phase1="pbc=1"')
    else
        lines=("$ENR_ID" "phase1=\"pin=$pw\"")
    fi
    [ "$C_FRAG" != 0 ] && lines+=("fragment_size=$C_FRAG")
    wpas_start "${lines[@]}" || return 1
    wait_for "$WPAS_LOG" 'WPS-SUCCESS|WPS-FAIL|WPS-M2D' "$RUN_T"
    wait_for "$WPAS_LOG" 'CTRL-EVENT-EAP-FAILURE' 3
    [ "$C_FRAG" != 0 ] && expect_log "$WPAS_LOG" "EAP-WSC: Fragment size limit $C_FRAG" 1 "wpa_supplicant: fragment size limit $C_FRAG"
    return 0
}

sta_check_wpas() {
    local mode=$1 hex body v mac=$MAC_B
    GOT_SSID="" GOT_KEY=""
    case $(mode_result "$mode") in
    enrolled|learned)
        [ "$mode" = learn ] && mac=$MAC_A
        expect_log "$WPAS_LOG" 'WPS-CRED-RECEIVED [0-9a-f]+' 1 "wpa_supplicant: WPS-CRED-RECEIVED <credential>"
        if [ "$mode" = learn ]; then
            expect_log "$WPAS_LOG" 'WPS-FAIL msg=11 config_error=0' 2 "wpa_supplicant (ER): WPS-FAIL msg=11 config_error=0 (NACK after M7: learn, by design)"
        else
            expect_log "$WPAS_LOG" 'WPS-SUCCESS' 2 "wpa_supplicant: WPS-SUCCESS"
        fi
        hex=$(cred_hex_from_log "$WPAS_LOG")
        body=$(wps_tlv_get "$hex" 100e) || { fail "no Credential (0x100E) in '$hex'"; return; }
        GOT_SSID=$(hex2str "$(wps_tlv_get "$body" 1045)")
        GOT_KEY=$(hex2str "$(wps_tlv_get "$body" 1027)")
        pass "wpa_supplicant received: ssid='$GOT_SSID' key='$GOT_KEY'"
        v=$(wps_tlv_get "$body" 1026); check_eq "credential Network Index" "$v" 01
        v=$(wps_tlv_get "$body" 1003); check_eq "credential Auth Type" "$v" 0020
        v=$(wps_tlv_get "$body" 100f); check_eq "credential Encr Type" "$v" 0008
        v=$(wps_tlv_get "$body" 1020); check_eq "credential MAC Address" "$v" "${mac//:/}"
        wait_for "$WPAS_CONF" 'psk=' 3
        if grep -qxF "	psk=\"$GOT_KEY\"" "$WPAS_CONF" && grep -qxF "	ssid=\"$GOT_SSID\"" "$WPAS_CONF"; then
            pass "wpa_supplicant wrote network={ssid=\"$GOT_SSID\" psk=\"$GOT_KEY\"} (update_config=1)"
        else
            fail "wpa_supplicant config lacks the received network"; sed 's/^/    | /' "$WPAS_CONF" >&2
        fi ;;
    configured)
        expect_log "$WPAS_LOG" 'WPS-SUCCESS' 1 "wpa_supplicant (ER): WPS-SUCCESS" ;;
    failed)
        expect_log "$WPAS_LOG" 'WPS-FAIL msg=8 config_error=18' 1 "wpa_supplicant: WPS-FAIL msg=8 config_error=18"
        expect_no_log "$WPAS_LOG" 'WPS-CRED-RECEIVED|WPS-SUCCESS' "wpa_supplicant: no credential, no success"
        expect_no_log "$WPAS_CONF" 'psk=' "wpa_supplicant: no network written" ;;
    esac
    expect_log "$WPAS_LOG" 'CTRL-EVENT-EAP-FAILURE' 1 "wpa_supplicant: EAP-Failure ends the run"
    wpas_stop
}

# ------------------------------------------------------------ STA: wsc sta -

sta_run_wscsta() {
    local mode=$1 pw args
    pw=$(mode_sta_pw "$mode")
    WSCSTA_SAVE="$CASE_DIR/wscsta-save.conf"
    rm -f "$WSCSTA_SAVE"
    args=(--save "$WSCSTA_SAVE" --show-keys --walk-time "$WSCSTA_WALK")
    if mode_er "$mode"; then
        args+=(--reg "$pw")
        [ "$mode" = config ] && args+=(--new-ssid "$NEW_SSID" --new-passphrase "$NEW_PASS")
    elif [ "$pw" = pbc ]; then
        args+=(--pbc --json)        # the JSON output, against a real peer too
    else
        args+=(--pin "$pw")
    fi
    [ "$C_FRAG" != 0 ] && args+=(--fragment-size "$C_FRAG")
    wscsta_run "${args[@]}"
    return 0
}

# sta_check_wscsta_json: the --json variant (PBC enrollee)
# saved_ssid FILE: the ssid of a network block, quoted ("S", as
# wpa_supplicant writes a printable one) or hex
saved_ssid() {
    local v; v=$(sed -n 's/^\tssid=\(.*\)$/\1/p' "$1")
    case $v in
    \"*\") v=${v#\"}; printf '%s' "${v%\"}" ;;
    *) hex2str "$v" ;;
    esac
}

sta_check_wscsta_json() {
    local want
    check_eq "wsc sta --json: exit status" "$WSCSTA_RC" 0
    for want in '{"event":"WPS-PBC-ACTIVE"}' '{"event":"WPS-CRED-RECEIVED"}' '{"event":"WPS-SUCCESS"}'; do
        check "wsc sta --json: line $want" grep -qxF "$want" "$WSCSTA_OUT"
    done
    expect_no_log "$WSCSTA_OUT" 'WPS-FAIL|WPS-TIMEOUT|^[^{]' "wsc sta --json: only JSON lines, no WPS-FAIL / WPS-TIMEOUT"
    if [ -s "$WSCSTA_SAVE" ]; then
        GOT_SSID=$(saved_ssid "$WSCSTA_SAVE")
        GOT_KEY=$(sed -n 's/^\tpsk="\(.*\)"$/\1/p' "$WSCSTA_SAVE")
        pass "wsc sta --save: ssid='$GOT_SSID' psk='$GOT_KEY'"
    else
        fail "wsc sta --save wrote nothing"
    fi
    want="{\"event\":\"credential\",\"credential\":{\"ssid\":\"$GOT_SSID\",\"auth\":\"WPA2PSK\",\"encr\":\"CCMP\",\"key\":\"$GOT_KEY\"}}"
    check "wsc sta --json: $want" grep -qxF "$want" "$WSCSTA_OUT"
}

sta_check_wscsta() {
    local mode=$1 rc_want=0 blk
    GOT_SSID="" GOT_KEY=""
    expect_no_log "$WSCSTA_ERR" '^wsc sta: |Sanitizer|runtime error:' "wsc sta: no errors (nor sanitizer reports) on stderr"
    if [ "$mode" = pbc ]; then sta_check_wscsta_json; return; fi
    [ "$(mode_result "$mode")" = failed ] && rc_want=1
    check_eq "wsc sta: exit status" "$WSCSTA_RC" "$rc_want"
    case $(mode_result "$mode") in
    enrolled|learned|configured)
        if mode_er "$mode"; then
            expect_log "$WSCSTA_OUT" "^WPS-REG-SUCCESS $MAC_A [0-9a-f-]{36}$" 0 "wsc sta: WPS-REG-SUCCESS $MAC_A <uuid>"
        fi
        [ "$mode" != config ] && expect_log "$WSCSTA_OUT" '^WPS-CRED-RECEIVED$' 0 "wsc sta: WPS-CRED-RECEIVED"
        expect_log "$WSCSTA_OUT" '^WPS-SUCCESS$' 0 "wsc sta: WPS-SUCCESS"
        expect_no_log "$WSCSTA_OUT" 'WPS-FAIL|WPS-TIMEOUT' "wsc sta: no WPS-FAIL / WPS-TIMEOUT"
        if [ -s "$WSCSTA_SAVE" ]; then
            GOT_SSID=$(saved_ssid "$WSCSTA_SAVE")
            GOT_KEY=$(sed -n 's/^\tpsk="\(.*\)"$/\1/p' "$WSCSTA_SAVE")
            pass "wsc sta --save: ssid='$GOT_SSID' psk='$GOT_KEY'"
            blk=$(tr '\n' ' ' <"$WSCSTA_SAVE")
            [[ "$blk" == "network={ "*"proto=RSN "*"key_mgmt=WPA-PSK "*"pairwise=CCMP "*"} " ]] \
                && pass "wsc sta --save: network={...} with proto=RSN key_mgmt=WPA-PSK pairwise=CCMP" \
                || fail "wsc sta --save block: $blk"
        else
            fail "wsc sta --save wrote nothing"
        fi
        if parse_cred_line "$WSCSTA_OUT" 'credential: '; then
            check_eq "wsc sta: credential line" "$PL_SSID/$PL_AUTH/$PL_ENCR/$PL_KEY" "$GOT_SSID/WPA2PSK/CCMP/$GOT_KEY"
        else
            fail "wsc sta: no 'credential:' line"
        fi ;;
    failed)
        expect_log "$WSCSTA_OUT" '^WPS-FAIL msg=8 config_error=18$' 0 "wsc sta: WPS-FAIL msg=8 config_error=18"
        expect_no_log "$WSCSTA_OUT" 'WPS-CRED-RECEIVED|WPS-SUCCESS|^credential:' "wsc sta: no credential, no success"
        check "wsc sta: --save file not written" test ! -e "$WSCSTA_SAVE" ;;
    esac
}

# -------------------------------------------------------------- a case -----

# compare what the STA ended with against the AP's settings
check_outcome() {
    local mode=$1
    case $(mode_result "$mode") in
    enrolled|learned)
        check_eq "STA credential SSID == AP's ssid" "$GOT_SSID" "$AP_SSID_NOW"
        check_eq "STA credential key == AP's wpa_passphrase" "$GOT_KEY" "$AP_KEY_NOW"
        case $mode in
        unconf_nossid) ;;
        unconf) check_eq "STA credential SSID (the file's)" "$GOT_SSID" "$AP_SSID" ;;
        *) check_eq "STA credential" "$GOT_SSID/$GOT_KEY" "$AP_SSID/$AP_PASSPHRASE" ;;
        esac ;;
    configured)
        check_eq "AP's settings after the run" "$AP_SSID_NOW/$AP_KEY_NOW" "$NEW_SSID/$NEW_PASS"
        [ "$C_STA" = wscsta ] && check_eq "wsc sta: reported settings" "$GOT_SSID/$GOT_KEY" "$NEW_SSID/$NEW_PASS" ;;
    esac
}

# After unconf* / config: restart wsc ap on its rewritten file; it must be
# configured and give a second (PIN) enrollee the same settings.
restart_check() {
    local ssid=$AP_SSID_NOW key=$AP_KEY_NOW
    log "--- restart wsc ap on the rewritten file; second enrollee"
    AP_CONF_REF="$CASE_DIR/ap.conf.after-first-run"
    cp "$AP_CONF" "$AP_CONF_REF"
    tshark_start "$CASE_DIR/eapol-restart.pcap" || return
    wscap_launch pin || return
    expect_log "$WSCAP_ERR" "serving WPS on $IF_A \(configured\)" 1 "wsc ap (restarted): serving WPS (configured)"
    "sta_run_$C_STA" pin
    "sta_check_$C_STA" pin
    ap_check_wscap unconf 1     # an enrollee run; no new settings this time
    check_eq "second enrollee's credential == the settings of the first run" "$GOT_SSID/$GOT_KEY" "$ssid/$key"
    local seqs=()
    mapfile -t seqs < <(mode_wire_seq pin)
    check_pcap "$(mode_wire pin)" "${seqs[@]}"
}

run_case() {
    local ap=$1 sta=$2 mode=$3 seqs=()
    case_begin "$CASE_NAME" || { case_end; return; }
    C_STA=$sta
    AP_SSID_NOW="" AP_KEY_NOW="" GOT_SSID="" GOT_KEY=""
    if "ap_setup_$ap" "$mode" && tshark_start; then
        "sta_run_$sta" "$mode"
        "sta_check_$sta" "$mode"
        "ap_check_$ap" "$mode"
        check_outcome "$mode"
        mapfile -t seqs < <(mode_wire_seq "$mode")
        check_pcap "$(mode_wire "$mode")" "${seqs[@]}"
        if [ "$mode" = pbc ] && [ "$C_FRAG" = 0 ]; then
            local dpid
            dpid=$(tshark -r "$TSHARK_PCAP" -Y 'wps.message_type == 0x04' -T fields -e wps.device_password_id 2>/dev/null | head -n1)
            check_eq "M1 Device Password ID (PushButton)" "$dpid" 0x0004
        fi
        if [ "$ap" = wscap ]; then
            case $mode in unconf*|config) restart_check ;; esac
        fi
    fi
    case_end
}

# ------------------------------------------------------------------ main ---

# The selected cases, as "NAME AP STA MODE FRAG" lines.
read -ra FRAGS <<<"${INTEROP_FRAGS:-0 50}"
patterns=("$@")
[ ${#patterns[@]} -gt 0 ] || patterns=('*')
SELECTED=()
for frag in "${FRAGS[@]}"; do
    for row in "${MATRIX[@]}"; do
        read -r ap sta mode <<<"$row"
        name="$ap-$sta-$mode"
        [ "$frag" != 0 ] && name+="-frag$frag"
        for p in "${patterns[@]}"; do
            # shellcheck disable=SC2053
            if [[ "$name" == $p ]]; then SELECTED+=("$name $ap $sta $mode $frag"); break; fi
        done
    done
done
[ ${#SELECTED[@]} -gt 0 ] || { fail "no case matches: ${patterns[*]}"; wsc_summary; exit 1; }

# case_cost LINE: rough seconds (wpa_supplicant waits 2 s before EAPOL-Start;
# unconf*/config on wsc ap include a restart and a second run)
case_cost() {
    local _n _ap sta mode _f c=2
    read -r _n _ap sta mode _f <<<"$1"
    [ "$sta" = wpas ] && c=4
    case "$_ap:$mode" in wscap:unconf*|wscap:config) c=$((c * 2)) ;; esac
    echo "$c"
}

# run_sharded JOBS: run the selected cases in JOBS child processes of this
# script (each with its own namespaces, temp dir and cleanup), longest cases
# first onto the least loaded child; print their logs and the total.
run_sharded() {
    local jobs=$1 i j best line n shard_pids=() load=() names=() rc=0 p f
    for ((j = 0; j < jobs; j++)); do load[j]=0; names[j]=""; done
    while read -r _ line; do
        best=0
        for ((j = 1; j < jobs; j++)); do [ "${load[j]}" -lt "${load[best]}" ] && best=$j; done
        load[best]=$((load[best] + $(case_cost "$line")))
        names[best]+=" ${line%% *}"
    done < <(for line in "${SELECTED[@]}"; do echo "$(case_cost "$line") $line"; done | sort -rn -s -k1,1)
    log "running ${#SELECTED[@]} cases in $jobs parallel jobs"
    for ((j = 0; j < jobs; j++)); do
        [ -n "${names[j]}" ] || continue
        # shellcheck disable=SC2086
        INTEROP_JOBS=1 INTEROP_CHILD=1 "$0" ${names[j]} >"$WSC_TMP/job$j.log" 2>&1 &
        shard_pids[j]=$!
        SHARD_PIDS_ALL+=("$!")
        SHARD_RUNNING+=("$!")      # stopped by interop_cleanup if we are interrupted
    done
    for ((j = 0; j < jobs; j++)); do
        [ -n "${shard_pids[j]:-}" ] || continue
        wait "${shard_pids[j]}"; p=$?
        mapfile -t SHARD_RUNNING < <(printf '%s\n' "${SHARD_RUNNING[@]}" | grep -vx "${shard_pids[j]}")
        [ "$p" -eq 0 ] || rc=1
        f="$WSC_TMP/job$j.log"
        echo; echo "############ job $((j + 1))/$jobs:${names[j]}"
        # its own summary block is replaced by the combined one below
        sed '/^==========/,$d' "$f"
        n=$(sed -n 's/^SUMMARY: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$f")
        if [ -z "$n" ]; then
            fail "job $((j + 1)) ended without a summary (exit $p)"
            continue
        fi
        WSC_PASS=$((WSC_PASS + ${n% *})); WSC_FAIL=$((WSC_FAIL + ${n#* }))
        # shellcheck disable=SC2207
        WSC_FAILED_CASES+=($(sed -n 's/^failed cases: //p' "$f"))
        [ "$p" -eq 0 ] || [ "${n#* }" -gt 0 ] || fail "job $((j + 1)) exited $p"
    done
    return $rc
}

JOBS=${INTEROP_JOBS:-3}
[[ "$JOBS" =~ ^[1-9][0-9]*$ ]] || JOBS=1
[ "$JOBS" -gt ${#SELECTED[@]} ] && JOBS=${#SELECTED[@]}
if [ "$JOBS" -gt 1 ]; then
    run_sharded "$JOBS"
else
    for line in "${SELECTED[@]}"; do
        read -r CASE_NAME ap sta mode C_FRAG <<<"$line"
        run_case "$ap" "$sta" "$mode"
    done
    # nothing of ours may survive
    wsc_ns_destroy
    left=$(ip netns list | grep -E "^${WSC_NS_PREFIX}[AB]$$-" || true)
    [ -z "$left" ] && pass "no namespaces left behind" || fail "namespaces left: $left"
fi
if [ ${#SHARD_PIDS_ALL[@]} -gt 0 ]; then
    # every job checked its own namespaces; check them all once more
    left=$(ip netns list | grep -E "^${WSC_NS_PREFIX}[AB]($(IFS='|'; echo "${SHARD_PIDS_ALL[*]}"))-" || true)
    [ -z "$left" ] && pass "no namespaces of any job left behind" || fail "namespaces left: $left"
fi
log "${#SELECTED[@]} case(s) in $(awk -v a="$T_START" -v b="$(_wsc_now)" 'BEGIN{printf "%.0f", b-a}') s"
wsc_summary
