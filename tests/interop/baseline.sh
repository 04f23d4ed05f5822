#!/bin/bash
# shellcheck disable=SC2015  # pass never fails: 'cond && pass || fail' is fine
# tests/interop/baseline.sh - real hostapd vs real wpa_supplicant, WPS over
# EAPOL on a veth pair between two network namespaces (hostapd driver=wired,
# wpa_supplicant -Dwired ap_scan=0).  Proves the harness and records the
# reference behaviour our implementation must interoperate with.
#
# usage: sudo tests/interop/baseline.sh [CASE...]      (default: all cases)
# cases: pin pbc frag50 er_learn er_config wrong_pin_half1 wrong_pin_half2
#        m2d_no_pin ap_unconfigured er_lockout
# Env: CI=true (missing tool = failure), WSC_KEEP=1, WSC_ARTIFACTS=DIR,
#      WSC_VERBOSE=1 (see lib.sh).  Exit: 0 ok, 1 failure, 77 skipped.

set -u
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
wsc_init baseline
wsc_require_tools text2pcap od

ENR_ID='identity="WFA-SimpleConfig-Enrollee-1-0"'
REG_ID='identity="WFA-SimpleConfig-Registrar-1-0"'
PIN=12345670            # registrar-side PIN used for enrollee runs
FULL_RUN="M1 M2 M3 M4 M5 M6 M7 M8 WSC_Done"

# ------------------------------------------------------------ assertions ----

# cred_from_log LOG: hex of the Credential from "WPS-CRED-RECEIVED <hex>"
# (needs wps_cred_processing=2, which lib.sh sets).
cred_from_log() {
    grep -Eo 'WPS-CRED-RECEIVED [0-9a-f]+' "$1" | tail -n1 | awk '{print $2}'
}

# assert_cred HEX SSID KEY MAC: the Credential (0x100E) carries the expected
# SSID, Network Key, WPA2-PSK (0x0020), AES (0x0008), MAC, Network Index 1.
assert_cred() {
    local hex=$1 ssid=$2 key=$3 mac=$4 body v
    if [ -z "$hex" ]; then fail "no credential hex in WPS-CRED-RECEIVED"; return 1; fi
    body=$(wps_tlv_get "$hex" 100e) || { fail "credential is not a 0x100E attribute: $hex"; return 1; }
    [ "$(wps_tlv_types "$body")" = "1026 1045 1003 100f 1027 1020" ] \
        && pass "credential attribute order: Network Index, SSID, Auth Type, Encr Type, Network Key, MAC" \
        || fail "credential attribute order: $(wps_tlv_types "$body")"
    v=$(wps_tlv_get "$body" 1026); [ "$v" = 01 ] && pass "cred Network Index = 1" || fail "cred Network Index = '$v'"
    v=$(wps_tlv_get "$body" 1045); [ "$v" = "$(str2hex "$ssid")" ] \
        && pass "cred SSID = '$ssid'" || fail "cred SSID = '$(hex2str "$v")', want '$ssid'"
    v=$(wps_tlv_get "$body" 1003); [ "$v" = 0020 ] && pass "cred Auth Type = 0x0020 (WPA2-PSK)" || fail "cred Auth Type = $v"
    v=$(wps_tlv_get "$body" 100f); [ "$v" = 0008 ] && pass "cred Encr Type = 0x0008 (AES)" || fail "cred Encr Type = $v"
    v=$(wps_tlv_get "$body" 1027); [ "$v" = "$(str2hex "$key")" ] \
        && pass "cred Network Key = '$key'" || fail "cred Network Key = '$(hex2str "$v")', want '$key'"
    v=$(wps_tlv_get "$body" 1020); [ "$v" = "${mac//:/}" ] \
        && pass "cred MAC Address = $mac" || fail "cred MAC = $v, want $mac"
}

# assert_net_block CONF SSID KEY: update_config=1 wrote a usable network.
assert_net_block() {
    local conf=$1 ssid=$2 key=$3 blk
    blk=$(awk -v s="	ssid=\"$ssid\"" '/^network=\{/{b=""; inb=1} inb{b=b $0 "\n"} /^}/{if (index(b, s "\n")) print b; inb=0}' "$conf")
    if [ -z "$blk" ]; then
        fail "no network block for ssid \"$ssid\" in $(basename "$conf")"
        sed 's/^/    | /' "$conf" >&2
        return 1
    fi
    local l ok=1
    for l in "psk=\"$key\"" "key_mgmt=WPA-PSK" "proto=RSN" "pairwise=CCMP"; do
        grep -qxF "	$l" <<<"$blk" || { fail "network block lacks '$l'"; ok=0; }
    done
    [ $ok = 1 ] && pass "config rewritten (update_config=1): ssid=\"$ssid\" psk=\"$key\" proto=RSN key_mgmt=WPA-PSK pairwise=CCMP"
}

# assert_wpa_cli_has_ssid SSID: the running wpa_supplicant lists the network.
assert_wpa_cli_has_ssid() {
    local out
    out=$(wpa_cli_cmd list_networks 2>&1)
    if awk -F'\t' -v s="$1" '$2==s {f=1} END {exit !f}' <<<"$out"; then
        pass "wpa_cli list_networks shows '$1'"
    else
        fail "wpa_cli list_networks lacks '$1'"; printf '    | %s\n' "$out" >&2
    fi
}

# check_pcap ARGS...: tshark_check.sh on this case's capture.
check_pcap() {
    tshark_stop
    run_tshark_check "$TSHARK_PCAP" "$@"
}

# expect_seq SUBSTRING: the "sequence:" line from tshark_check contains it.
expect_seq() {
    local f="${TSHARK_PCAP%.pcap*}.check.txt" s
    s=$(sed -n 's/^sequence: //p' "$f")
    if [[ " $s " == *" $1 "* ]]; then pass "wire sequence contains: $1"
    else fail "wire sequence lacks '$1': $s"; fi
}

# start_enrollee_run PHASE1 [EXTRA_NET_LINE...]: tshark + wpa_supplicant.
start_sta() {
    tshark_start || return 1
    wpas_start "$@"
}

# --------------------------------------------------------------- cases ------

case_pin() {
    case_begin pin
    hostapd_start "ap_pin=$AP_PIN" || { case_end; return; }
    local r; r=$(hostapd_cli_cmd wps_pin any "$PIN")
    [ "$r" = OK ] && pass "hostapd_cli wps_pin any $PIN -> OK" || fail "wps_pin returned '$r'"
    start_sta "$ENR_ID" "phase1=\"pin=$PIN\""
    expect_log "$WPAS_LOG" 'WPS-CRED-RECEIVED' 10 "sta: WPS-CRED-RECEIVED"
    expect_log "$WPAS_LOG" 'WPS-SUCCESS' 3 "sta: WPS-SUCCESS"
    expect_log "$WPAS_LOG" 'CTRL-EVENT-EAP-FAILURE' 3 "sta: EAP-Failure ends the run (normal)"
    expect_log "$HAPD_LOG" "WPS-REG-SUCCESS $MAC_B [0-9a-f-]{36}" 3 "ap: WPS-REG-SUCCESS $MAC_B <uuid-e>"
    expect_log "$HAPD_LOG" 'WPS-SUCCESS' 3 "ap: WPS-SUCCESS"
    assert_cred "$(cred_from_log "$WPAS_LOG")" "$AP_SSID" "$AP_PASSPHRASE" "$MAC_B"
    wait_for "$WPAS_CONF" "psk=" 3
    assert_net_block "$WPAS_CONF" "$AP_SSID" "$AP_PASSPHRASE"
    assert_wpa_cli_has_ssid "$AP_SSID"
    check_pcap --exact "$FULL_RUN" --eap-end Failure
    expect_seq "EAPOL-Start(v2) Req/Identity Resp/Identity Req/WSC_Start Resp/M1"
    expect_seq "Req/M8 Resp/WSC_Done EAP-Failure"
    case_end
}

case_pbc() {
    case_begin pbc
    hostapd_start || { case_end; return; }
    check "hostapd_cli wps_pbc -> OK" test "$(hostapd_cli_cmd wps_pbc)" = OK
    expect_log "$HAPD_LOG" 'WPS-PBC-ACTIVE' 3 "ap: WPS-PBC-ACTIVE"
    start_sta "$ENR_ID" 'phase1="pbc=1"'
    expect_log "$WPAS_LOG" 'WPS-SUCCESS' 10 "sta: WPS-SUCCESS"
    expect_log "$HAPD_LOG" "WPS-REG-SUCCESS $MAC_B" 3 "ap: WPS-REG-SUCCESS"
    expect_log "$HAPD_LOG" 'WPS-PBC-DISABLE' 3 "ap: WPS-PBC-DISABLE after success"
    assert_cred "$(cred_from_log "$WPAS_LOG")" "$AP_SSID" "$AP_PASSPHRASE" "$MAC_B"
    wait_for "$WPAS_CONF" "psk=" 3
    assert_net_block "$WPAS_CONF" "$AP_SSID" "$AP_PASSPHRASE"
    check_pcap --exact "$FULL_RUN" --eap-end Failure
    local dpid
    dpid=$(tshark -r "$TSHARK_PCAP" -Y 'wps.message_type == 0x04' -T fields -e wps.device_password_id 2>/dev/null | head -n1)
    [ "$dpid" = 0x0004 ] && pass "M1 Device Password ID = 0x0004 (PushButton)" || fail "M1 Device Password ID = '$dpid'"
    case_end
}

case_frag50() {
    case_begin frag50
    hostapd_start "fragment_size=50" || { case_end; return; }
    hostapd_cli_cmd wps_pin any "$PIN" >/dev/null
    start_sta "$ENR_ID" "phase1=\"pin=$PIN\"" "fragment_size=50"
    expect_log "$WPAS_LOG" 'EAP-WSC: Fragment size limit 50' 10 "sta: network-block fragment_size=50 is used by EAP-WSC"
    expect_log "$WPAS_LOG" 'WPS-SUCCESS' 10 "sta: WPS-SUCCESS with 50-byte fragments"
    expect_log "$HAPD_LOG" "WPS-REG-SUCCESS $MAC_B" 3 "ap: WPS-REG-SUCCESS"
    expect_log "$HAPD_LOG" 'EAP-WSC: Received 46 bytes in first fragment' 1 "ap: first fragment carries 46 data bytes (50 - op - flags - 2-byte length)"
    assert_cred "$(cred_from_log "$WPAS_LOG")" "$AP_SSID" "$AP_PASSPHRASE" "$MAC_B"
    check_pcap --frag --max-frag 50 --exact "$FULL_RUN" --eap-end Failure
    case_end
}

case_er_learn() {
    case_begin er_learn
    hostapd_start "ap_pin=$AP_PIN" || { case_end; return; }
    cp "$HAPD_CONF" "$CASE_DIR/hostapd.conf.before"
    start_sta "$REG_ID" "phase1=\"pin=$AP_PIN\""
    expect_log "$WPAS_LOG" 'WPS-CRED-RECEIVED [0-9a-f]+' 10 "ER: WPS-CRED-RECEIVED with the AP's current settings (from M7)"
    expect_log "$WPAS_LOG" 'WPS-FAIL msg=11 config_error=0' 3 "ER: ends with WPS-FAIL msg=11 config_error=0 (NACK after M7 - by design)"
    expect_log "$HAPD_LOG" 'WPS-FAIL msg=11 config_error=0' 3 "ap: WPS-FAIL msg=11 config_error=0"
    expect_no_log "$HAPD_LOG" 'WPS-NEW-AP-SETTINGS' "ap: settings not changed"
    # AP settings credential: the MAC inside is the AP's own MAC
    assert_cred "$(cred_from_log "$WPAS_LOG")" "$AP_SSID" "$AP_PASSPHRASE" "$MAC_A"
    wait_for "$WPAS_CONF" "psk=" 3
    assert_net_block "$WPAS_CONF" "$AP_SSID" "$AP_PASSPHRASE"
    check "hostapd.conf unchanged" cmp -s "$HAPD_CONF" "$CASE_DIR/hostapd.conf.before"
    check_pcap --exact "M1 M2 M3 M4 M5 M6 M7 WSC_NACK" --eap-end Failure
    expect_seq "Resp/Identity Req/M1 Resp/M2"          # no WSC_Start for a registrar peer
    expect_seq "Req/M7 Resp/WSC_NACK(config_error=0) EAP-Failure"
    case_end
}

case_er_config() {
    case_begin er_config
    local nssid=wsc-new-ssid nkey=new-passphrase-42
    hostapd_start "ap_pin=$AP_PIN" || { case_end; return; }
    start_sta "$REG_ID" "phase1=\"pin=$AP_PIN new_ssid=$(str2hex $nssid) new_auth=WPA2PSK new_encr=CCMP new_key=$(str2hex $nkey)\""
    expect_log "$HAPD_LOG" 'WPS-NEW-AP-SETTINGS' 10 "ap: WPS-NEW-AP-SETTINGS"
    expect_log "$WPAS_LOG" 'WPS-SUCCESS' 3 "ER: WPS-SUCCESS"
    expect_log "$HAPD_LOG" 'WPS-SUCCESS' 3 "ap: WPS-SUCCESS (after WSC_ACK)"
    expect_log "$HAPD_LOG" 'Reconfigured interface' 3 "ap: reloaded its configuration"
    check "hostapd.conf rewritten: ssid=$nssid" grep -qx "ssid=$nssid" "$HAPD_CONF"
    check "hostapd.conf rewritten: wpa_passphrase=$nkey" grep -qx "wpa_passphrase=$nkey" "$HAPD_CONF"
    check "hostapd.conf: old lines kept as '#WPS# ...'" grep -qx "#WPS# ssid=$AP_SSID" "$HAPD_CONF"
    check "hostapd_cli get_config: ssid=$nssid" grep -qx "ssid=$nssid" <(hostapd_cli_cmd get_config)
    check_pcap --exact "M1 M2 M3 M4 M5 M6 M7 M8 WSC_Done WSC_ACK" --eap-end Failure
    expect_seq "Resp/M8 Req/WSC_Done Resp/WSC_ACK EAP-Failure"
    # a new enrollee now gets the new credential from the reconfigured AP
    wpas_stop
    hostapd_cli_cmd wps_pin any "$PIN" >/dev/null
    tshark_start "$CASE_DIR/eapol-enrollee.pcap"
    wpas_start "$ENR_ID" "phase1=\"pin=$PIN\""
    expect_log "$WPAS_LOG" 'WPS-SUCCESS' 10 "enrollee after reconfiguration: WPS-SUCCESS"
    assert_cred "$(cred_from_log "$WPAS_LOG")" "$nssid" "$nkey" "$MAC_B"
    check_pcap --exact "$FULL_RUN" --eap-end Failure
    case_end
}

# wrong PIN: NAME STA_PIN MSG(WPS-FAIL msg=) HASH(R-Hash1/2) EXACT
wrong_pin_case() {
    local name=$1 pin=$2 msg=$3 hash=$4 exact=$5
    case_begin "$name"
    hostapd_start || { case_end; return; }
    hostapd_cli_cmd wps_pin any "$PIN" >/dev/null
    start_sta "$ENR_ID" "phase1=\"pin=$pin\""
    expect_log "$WPAS_LOG" "WPS-FAIL msg=$msg config_error=18" 10 "sta (pin $pin): WPS-FAIL msg=$msg config_error=18"
    expect_log "$WPAS_LOG" "$hash derived from R-S[12] does not match" 1 "sta: $hash mismatch detected by the enrollee"
    expect_log "$HAPD_LOG" "WPS-FAIL msg=$msg config_error=18" 3 "ap: WPS-FAIL msg=$msg config_error=18"
    expect_log "$WPAS_LOG" 'CTRL-EVENT-EAP-FAILURE' 3 "sta: EAP-Failure"
    expect_no_log "$WPAS_LOG" 'WPS-SUCCESS|WPS-CRED-RECEIVED' "sta: no credential"
    expect_no_log "$HAPD_LOG" 'WPS-SUCCESS|WPS-REG-SUCCESS' "ap: no success"
    check_pcap --exact "$exact" --eap-end Failure
    expect_seq "Resp/WSC_NACK(config_error=18) EAP-Failure"
    case_end
}

case_wrong_pin_half1() {
    # 11111115 is a valid PIN (check digit ok); first half differs -> M4 R-Hash1
    wrong_pin_case wrong_pin_half1 11111115 8 R-Hash1 "M1 M2 M3 M4 WSC_NACK"
}

case_wrong_pin_half2() {
    # 12340002: first half right, second half wrong -> M6 R-Hash2
    wrong_pin_case wrong_pin_half2 12340002 10 R-Hash2 "M1 M2 M3 M4 M5 M6 WSC_NACK"
}

case_m2d_no_pin() {
    case_begin m2d_no_pin
    hostapd_start || { case_end; return; }       # registrar not armed
    start_sta "$ENR_ID" "phase1=\"pin=$PIN\""
    expect_log "$WPAS_LOG" 'WPS-M2D dev_password_id=0 config_error=0' 10 "sta: WPS-M2D"
    expect_log "$HAPD_LOG" "WPS-PIN-NEEDED [0-9a-f-]{36} $MAC_B \[wsc-interop-sta\|" 3 "ap: WPS-PIN-NEEDED <uuid-e> $MAC_B [device info]"
    expect_log "$WPAS_LOG" 'CTRL-EVENT-EAP-FAILURE' 3 "sta: EAP-Failure"
    check_pcap --exact "M1 M2D WSC_ACK" --eap-end Failure
    expect_seq "Resp/M1 Req/M2D Resp/WSC_ACK EAP-Failure"
    case_end
}

case_ap_unconfigured() {
    # wps_state=1: hostapd as registrar invents the network key and becomes
    # configured (rewrites its config) when the first enrollee succeeds.
    case_begin ap_unconfigured
    hostapd_start "wps_state=1" || { case_end; return; }
    hostapd_cli_cmd wps_pin any "$PIN" >/dev/null
    start_sta "$ENR_ID" "phase1=\"pin=$PIN\""
    expect_log "$WPAS_LOG" 'WPS-SUCCESS' 10 "sta: WPS-SUCCESS from an unconfigured AP"
    expect_log "$HAPD_LOG" 'WPS-REG-SUCCESS' 3 "ap: WPS-REG-SUCCESS"
    expect_log "$HAPD_LOG" 'Reconfigured interface' 3 "ap: became configured and reloaded"
    local hex body key conf_key
    hex=$(cred_from_log "$WPAS_LOG"); body=$(wps_tlv_get "$hex" 100e)
    key=$(hex2str "$(wps_tlv_get "$body" 1027)")
    [[ "$key" =~ ^[A-Za-z0-9+/]{22}$ ]] && pass "generated passphrase is 22 base64 chars: $key" \
        || fail "generated passphrase '$key'"
    [ "$key" != "$AP_PASSPHRASE" ] && pass "passphrase differs from the configured one" || fail "passphrase was not regenerated"
    conf_key=$(sed -n 's/^wpa_passphrase=//p' "$HAPD_CONF" | head -n1)
    [ "$conf_key" = "$key" ] && pass "hostapd.conf now has wps_state=2 + the new passphrase" || fail "hostapd.conf passphrase '$conf_key'"
    check "hostapd.conf: wps_state=2" grep -qx 'wps_state=2' "$HAPD_CONF"
    check_pcap --exact "$FULL_RUN" --eap-end Failure
    case_end
}

case_er_lockout() {
    # 3 wrong AP PINs lock AP setup (counters are global, not per MAC); the
    # 4th attempt even with the right PIN is refused with config_error 15.
    # hostapd ignores EAPOL-Start from a MAC for ~5 s after an EAP-Failure
    # (AP_MAX_INACTIVITY_AFTER_DEAUTH), so each attempt uses a new STA MAC.
    case_begin er_lockout
    hostapd_start "ap_pin=$AP_PIN" || { case_end; return; }
    tshark_start
    local i pin mac
    for i in 1 2 3 4; do
        pin=11111115; [ $i = 4 ] && pin=$AP_PIN
        mac=02:57:53:43:01:0$i
        ip -n "$NS_B" link set "$IF_B" address "$mac"
        wpas_start "$REG_ID" "phase1=\"pin=$pin\""
        if [ $i -lt 4 ]; then
            expect_log "$WPAS_LOG" 'WPS-FAIL msg=8 config_error=18' 8 "attempt $i ($mac, wrong AP PIN): ER WPS-FAIL msg=8 config_error=18"
            expect_log "$HAPD_LOG" "AP PIN authentication failure number $i " 2 "ap: AP PIN authentication failure number $i"
        else
            expect_log "$WPAS_LOG" 'WPS-FAIL msg=5 config_error=15' 8 "attempt 4 (right PIN): refused, ER WPS-FAIL msg=5 config_error=15 (setup locked)"
            expect_log "$HAPD_LOG" 'AP Setup is locked - refuse registration' 2 "ap: refuses registrar while locked"
        fi
        [ $i = 3 ] && expect_log "$HAPD_LOG" 'WPS-AP-SETUP-LOCKED' 2 "ap: WPS-AP-SETUP-LOCKED after 3 failures"
        wait_for "$WPAS_LOG" 'CTRL-EVENT-EAP-FAILURE' 3
        wpas_stop
    done
    check_pcap --expect "M1 M2 M3 M4 WSC_NACK"
    expect_seq "Req/M3 Resp/M4 Req/WSC_NACK(config_error=18) Resp/WSC_NACK(config_error=0) EAP-Failure"
    expect_seq "Resp/M2 Req/WSC_NACK(config_error=15) Resp/WSC_NACK(config_error=0) EAP-Failure"
    case_end
}

ALL="pin pbc frag50 er_learn er_config wrong_pin_half1 wrong_pin_half2 m2d_no_pin ap_unconfigured er_lockout"
cases=("$@")
[ ${#cases[@]} -gt 0 ] || read -ra cases <<<"$ALL"
for c in "${cases[@]}"; do
    if declare -F "case_$c" >/dev/null; then "case_$c"; else fail "unknown case $c"; fi
done

# nothing of ours may survive
wsc_ns_destroy
left=$(ip netns list | grep -E "^${WSC_NS_PREFIX}[AB]$$-" || true)
[ -z "$left" ] && pass "no namespaces left behind" || fail "namespaces left: $left"
wsc_summary
