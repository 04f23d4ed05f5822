#!/bin/bash
# shellcheck disable=SC2015
# tests/interop/probes/probes.sh - slow one-off probes behind the timing /
# retransmission facts in ../NOTES.md (not part of baseline.sh).
#
# usage: sudo tests/interop/probes/probes.sh [PROBE...]
#   dup_request   (~7 s)  wpa_supplicant answers a repeated Request (same id)
#                         with a byte-identical response, never retransmits
#   retrans_m2    (~17 s) hostapd retransmits M2 every 5 s, 3 sends, then gives
#                         up at 15 s without EAP-Failure
#   retrans_ident (~45 s) hostapd Request/Identity backoff 3, 6, 12, 20 s
#   held_retry    (~68 s) wpa_supplicant re-runs WPS after heldPeriod (60 s);
#                         the wildcard PIN is single use -> M2D
# Needs python3 (raw AF_PACKET sockets) besides the baseline tools.

set -u
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib.sh
. "$HERE/../lib.sh"
wsc_init probes
wsc_require_tools python3

ENR='identity="WFA-SimpleConfig-Enrollee-1-0"'

# rel_times FILE REGEX: relative times (col 1) of matching fake_peer lines
rel_times() { awk -v re="$2" '$0 ~ re {printf "%s%d", s, $1 + 0.5; s=" "}' "$1"; }

probe_dup_request() {
    case_begin dup_request
    proc_start "$NS_A" "$CASE_DIR/fake_auth.out" python3 "$HERE/fake_auth.py" "$IF_A"
    local apid=$WSC_LAST_PID
    sleep 0.3
    wpas_start "$ENR" 'phase1="pin=12345670"'
    wait "$apid"; local rc=$?
    _wsc_forget "$apid"
    sed 's/^/    /' "$CASE_DIR/fake_auth.out"
    [ $rc = 0 ] && pass "duplicate requests get identical responses; the peer never retransmits" \
        || fail "dup_request (see above)"
    case_end
}

probe_retrans_m2() {
    case_begin retrans_m2
    # get a genuine M1 from a real enrollee first
    hostapd_start || { case_end; return; }
    hostapd_cli_cmd wps_pin any 12345670 >/dev/null
    tshark_start "$CASE_DIR/real.pcap"
    wpas_start "$ENR" 'phase1="pin=12345670"'
    wait_for "$WPAS_LOG" 'WPS-SUCCESS' 10 || fail "real run for M1"
    wpas_stop; tshark_stop
    local m1
    m1=$("$HERE/../tshark_check.sh" --dump "$CASE_DIR/real.pcap" | awk '$1=="msg:" && $4=="M1" {print $5}')
    # hostapd keeps the STA entry 5 s after the failure: use another MAC
    ip -n "$NS_B" link set "$IF_B" address 02:57:53:43:02:01
    hostapd_cli_cmd wps_pin any 12345670 >/dev/null
    ip netns exec "$NS_B" python3 "$HERE/fake_peer.py" "$IF_B" m1 17 "$m1" >"$CASE_DIR/peer.out" 2>&1
    sed 's/^/    /' "$CASE_DIR/peer.out"
    local t
    t=$(rel_times "$CASE_DIR/peer.out" 'msgtype=0x05')
    [ "$t" = "0 5 10" ] && pass "M2 sent at 0, 5, 10 s (same id)" || fail "M2 send times: '$t'"
    grep -q 'Failure' "$CASE_DIR/peer.out" && fail "EAP-Failure was sent" || pass "no EAP-Failure on give-up"
    expect_log "$HAPD_LOG" 'BE_AUTH entering state TIMEOUT' 1 "authenticator gives up (BE_AUTH TIMEOUT) at ~15 s"
    case_end
}

probe_retrans_ident() {
    case_begin retrans_ident
    hostapd_start || { case_end; return; }
    ip netns exec "$NS_B" python3 "$HERE/fake_peer.py" "$IF_B" silent 44 >"$CASE_DIR/peer.out" 2>&1
    sed 's/^/    /' "$CASE_DIR/peer.out"
    local t
    t=$(rel_times "$CASE_DIR/peer.out" 'RX Request .* type=1 ')
    [ "$t" = "0 3 9 21 41" ] && pass "Request/Identity at 0, 3, 9, 21, 41 s" || fail "Request/Identity times: '$t'"
    case_end
}

probe_held_retry() {
    case_begin held_retry
    hostapd_start || { case_end; return; }
    hostapd_cli_cmd wps_pin any 12345670 >/dev/null
    tshark_start
    wpas_start "$ENR" 'phase1="pin=12345670"'
    expect_log "$WPAS_LOG" 'WPS-SUCCESS' 10 "first run succeeds"
    expect_log "$WPAS_LOG" 'WPS-M2D' 66 "~60 s later wpa_supplicant runs WPS again and gets M2D (PIN used up)"
    expect_log "$HAPD_LOG" 'Invalidated PIN for UUID' 1 "hostapd invalidated the wildcard PIN after use"
    tshark_stop
    run_tshark_check "$TSHARK_PCAP" --exact "M1 M2 M3 M4 M5 M6 M7 M8 WSC_Done M1 M2D WSC_ACK"
    case_end
}

ALL="dup_request retrans_m2 retrans_ident held_retry"
cases=("$@")
[ ${#cases[@]} -gt 0 ] || read -ra cases <<<"$ALL"
for c in "${cases[@]}"; do
    if declare -F "probe_$c" >/dev/null; then "probe_$c"; else fail "unknown probe $c"; fi
done
wsc_summary
