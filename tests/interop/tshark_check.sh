#!/bin/bash
# tests/interop/tshark_check.sh - check an EAPOL capture of a WPS run.
#
# usage: tshark_check.sh [options] FILE.pcap
#   --expect "LIST"   every message in LIST must be seen (default: "M1 M2 M3 M4
#                     M5 M6 M7 M8"). Names: M1..M8 M2D WSC_ACK WSC_NACK WSC_Done
#   --exact "LIST"    the ordered list of (reassembled) WSC messages must be
#                     exactly LIST, e.g. "M1 M2 M3 M4 M5 M6 M7 M8 WSC_Done"
#                     (given alone, it also replaces the --expect default)
#   --eap-end CODE    the last EAP packet must have this code (Failure|Success)
#   --frag            require that fragmentation happened (LF/MF + FRAG_ACK)
#   --max-frag N      every EAP-WSC fragment (Op-Code+Flags+[Length]+data)
#                     must be <= N bytes
#   -v                print one line per frame
#   --dump            print every (reassembled) WSC message as
#                     "msg: FRAME Req|Resp NAME HEX" (HEX = the WSC message,
#                     i.e. the attributes after the EAP-WSC Op-Code/Flags/Length)
#
# What it checks:
#  1. tshark can read the file; it contains EAPOL frames.
#  2. Every frame is parsed here (Ethernet/EAPOL/EAP/expanded EAP-WSC header),
#     EAP-WSC fragments are reassembled per sender, every WSC message is a
#     well-formed TLV list with Version and Message Type, and the Op-Code
#     matches the message type.
#  3. Wireshark finds no malformed packet and no expert info of severity
#     warning or error (fields _ws.malformed, _ws.expert.severity).
#     Wireshark 4.0 does not reassemble EAP-WSC, so it flags every fragment
#     as malformed; fragments are therefore excluded from the check on the
#     original file and instead the reassembled messages are written as
#     unfragmented frames into a synthetic pcap (text2pcap) which must dissect
#     cleanly and give the same wps.message_type.
#  4. The expected messages (--expect / --exact / --eap-end) are present.
#
# Output: "seen: M1 M2 ..." (first-appearance order) and "sequence: ..." (all
# EAP/EAPOL packets, Req/Resp prefixed).  Exit 0 = ok, 1 = check failed,
# 2 = usage / tool error.

set -u
expect="M1 M2 M3 M4 M5 M6 M7 M8"
exact=""
expect_set=0
eap_end=""
need_frag=0
max_frag=0
verbose=0
dump=0
while [ $# -gt 0 ]; do
    case $1 in
    --expect) expect=$2; expect_set=1; shift 2 ;;
    --exact) exact=$2; shift 2 ;;
    --eap-end) eap_end=$2; shift 2 ;;
    --frag) need_frag=1; shift ;;
    --max-frag) max_frag=$2; shift 2 ;;
    -v) verbose=1; shift ;;
    --dump) dump=1; shift ;;
    -h|--help) sed -n '2,32p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
done
# --exact alone replaces the default --expect list
[ -n "$exact" ] && [ "$expect_set" = 0 ] && expect=$exact
[ $# -eq 1 ] || { echo "usage: $0 [options] FILE.pcap" >&2; exit 2; }
pcap=$1
for t in tshark text2pcap awk; do
    command -v "$t" >/dev/null 2>&1 || { echo "ERROR: missing tool $t" >&2; exit 2; }
done
[ -r "$pcap" ] || { echo "ERROR: cannot read $pcap" >&2; exit 2; }

tmp=$(mktemp -d /tmp/tshark_check.XXXXXX) || exit 2
trap 'rm -rf "$tmp"' EXIT
errors=0
err() { echo "ERROR: $*"; errors=$((errors + 1)); }

# tshark without the "Running as user root" chatter
ts() { tshark "$@" 2>"$tmp/ts.err"; }

if ! ts -r "$pcap" -x >"$tmp/hex.txt"; then
    cat "$tmp/ts.err"
    echo "ERROR: tshark cannot read $pcap"
    exit 1
fi

# ---- 1+2: parse every frame, reassemble EAP-WSC, validate TLVs ------------
# Output records (tab separated):
#   F  frame  src  dst  summary  fragflag(0|1)       one per frame
#   M  frame  first_frame  nfrags  name  msgtype  op  code  id  src  dst  hex
#   E  text                                          parse error
awk -v maxfrag="$max_frag" '
function hv(c) { return index("0123456789abcdef", c) - 1 }
function hx(s,  i, v) { v = 0; for (i = 1; i <= length(s); i++) v = v * 16 + hv(substr(s, i, 1)); return v }
function B(i) { return hx(substr(b, 2 * i + 1, 2)) }           # byte i of frame
function H(i, n) { return substr(b, 2 * i + 1, 2 * n) }         # hex of n bytes
function mac(i,  s, k) { s = substr(b, 2 * i + 1, 2); for (k = 1; k < 6; k++) s = s ":" substr(b, 2 * (i + k) + 1, 2); return s }
function bit(v, m) { return int(v / m) % 2 }
function opname(o) { return o == 1 ? "WSC_Start" : o == 2 ? "WSC_ACK" : o == 3 ? "WSC_NACK" : o == 4 ? "WSC_MSG" : o == 5 ? "WSC_Done" : o == 6 ? "WSC_FRAG_ACK" : "op" o }
function mtname(t) {
    if (t >= 4 && t <= 12 && t != 6) return (t == 4 ? "M1" : t == 5 ? "M2" : "M" (t - 4))
    return t == 6 ? "M2D" : t == 13 ? "WSC_ACK" : t == 14 ? "WSC_NACK" : t == 15 ? "WSC_Done" : "type" t
}
# tlv_check(hex): sets TLV_ERR, MTYPE, CFGERR, HAVEVER
function tlv_check(m,  n, off, t, l) {
    TLV_ERR = ""; MTYPE = -1; CFGERR = ""; HAVEVER = 0
    n = length(m) / 2; off = 0
    while (off < n) {
        if (off + 4 > n) { TLV_ERR = "truncated TLV header at offset " off; return }
        t = substr(m, 2 * off + 1, 4); l = hx(substr(m, 2 * off + 5, 4))
        if (off + 4 + l > n) { TLV_ERR = "TLV " t " length " l " overruns message at offset " off; return }
        if (t == "1022") { if (l != 1) TLV_ERR = "Message Type length " l; else MTYPE = hx(substr(m, 2 * off + 9, 2)) }
        if (t == "104a") HAVEVER = 1
        if (t == "1009" && l == 2) CFGERR = hx(substr(m, 2 * off + 9, 4))
        off += 4 + l
    }
    if (!HAVEVER) TLV_ERR = "no Version attribute"
    else if (MTYPE < 0 && TLV_ERR == "") TLV_ERR = "no Message Type attribute"
}
function frame_done(  off, et, ev, etype, elen, code, id, len, typ, s, sum, fragflag, op, fl, dlen, data, mlen, key, name, d, idstr, short) {
    if (b == "") return
    nf++
    b = tolower(b)
    dst = mac(0); src = mac(6); off = 12
    et = H(off, 2)
    if (et == "8100") { off += 4; et = H(off, 2) }
    off += 2
    fragflag = 0; short = ""
    if (et != "888e") { sum = "non-EAPOL ethertype " et; print "F\t" nf "\t" src "\t" dst "\t" sum "\t0\t" et; b = ""; return }
    ev = B(off); etype = B(off + 1); elen = B(off + 2) * 256 + B(off + 3); off += 4
    if (etype == 1) sum = "EAPOL-Start(v" ev ")"
    else if (etype == 2) sum = "EAPOL-Logoff"
    else if (etype == 3) sum = "EAPOL-Key"
    else if (etype != 0) sum = "EAPOL-type" etype
    if (etype != 0) short = sum
    else {
        code = B(off); id = B(off + 1); len = B(off + 2) * 256 + B(off + 3)
        idstr = "id=" id
        if (len > elen) print "E\tframe " nf ": EAP length " len " > EAPOL length " elen
        if (code == 3 || code == 4) { short = (code == 3 ? "EAP-Success" : "EAP-Failure"); sum = short " " idstr; lastcode = (code == 3 ? "Success" : "Failure") }
        else if (code == 1 || code == 2) {
            d = (code == 1 ? "Req" : "Resp")
            lastcode = d
            typ = B(off + 4)
            if (typ == 1) {
                s = ""; for (k = off + 5; k < off + len; k++) s = s sprintf("%c", B(k))
                sum = d "/Identity " idstr (s != "" ? " \"" s "\"" : ""); short = d "/Identity"
            } else if (typ == 254) {
                if (H(off + 5, 3) != "00372a" || H(off + 8, 4) != "00000001") {
                    sum = d "/Expanded " H(off + 5, 7) " " idstr; short = d "/Expanded"
                } else {
                    op = B(off + 12); fl = B(off + 13); p = off + 14
                    mlen = -1
                    if (bit(fl, 2)) { mlen = B(p) * 256 + B(p + 1); p += 2 }
                    dlen = off + len - p
                    data = H(p, dlen)
                    if (maxfrag > 0 && len - 12 > maxfrag) print "E\tframe " nf ": EAP-WSC payload " (len - 12) " bytes > max-frag " maxfrag
                    key = src
                    if (op == 6 || op == 1) {
                        sum = d "/" opname(op) " " idstr
                        if (op == 6) nfragack++; else short = d "/" opname(op)
                    } else if (inprog[key]) {
                        fragflag = 1
                        if (op != inop[key]) print "E\tframe " nf ": op " op " in fragment of op " inop[key]
                        buf[key] = buf[key] data; nfr[key]++
                        sum = d "/" opname(op) " fragment#" nfr[key] (bit(fl, 1) ? " MF" : " last") " " idstr
                        if (!bit(fl, 1)) { inprog[key] = 0; complete(key, code, id, src, dst) }
                    } else if (bit(fl, 1)) {
                        fragflag = 1; nfragmsg++
                        if (mlen < 0) print "E\tframe " nf ": first fragment (MF) without LF/Message Length"
                        inprog[key] = 1; inop[key] = op; buf[key] = data; nfr[key] = 1; first[key] = nf
                        wantlen[key] = mlen
                        sum = d "/" opname(op) " fragment#1 MF len=" mlen " " idstr
                    } else {
                        buf[key] = data; nfr[key] = 1; first[key] = nf; inop[key] = op; wantlen[key] = mlen
                        complete(key, code, id, src, dst)
                        sum = d "/" opname(op) " " LASTNAME " " idstr
                    }
                    if (fragflag && !inprog[key]) sum = sum " => " LASTNAME
                    if (!inprog[key] && op != 6 && op != 1) short = d "/" LASTNAME
                }
            } else { sum = d "/type" typ " " idstr; short = d "/type" typ }
        } else { sum = "EAP-code" code; short = sum }
    }
    print "F\t" nf "\t" src "\t" dst "\t" sum "\t" fragflag "\t" short
    b = ""
}
function complete(key, code, id, src, dst,  m, name) {
    m = buf[key]
    if (wantlen[key] >= 0 && wantlen[key] != length(m) / 2)
        print "E\tframe " nf ": reassembled " length(m) / 2 " bytes, Message Length said " wantlen[key]
    tlv_check(m)
    if (TLV_ERR != "") { print "E\tframe " nf ": WSC message: " TLV_ERR; LASTNAME = "BAD"; return }
    name = mtname(MTYPE)
    if ((inop[key] == 4 && !(MTYPE >= 4 && MTYPE <= 12)) || (inop[key] == 2 && MTYPE != 13) || \
        (inop[key] == 3 && MTYPE != 14) || (inop[key] == 5 && MTYPE != 15))
        print "E\tframe " nf ": Op-Code " opname(inop[key]) " carries " name
    if (CFGERR != "" && MTYPE == 14) name = name "(config_error=" CFGERR ")"
    LASTNAME = name
    print "M\t" nf "\t" first[key] "\t" nfr[key] "\t" mtname(MTYPE) "\t" MTYPE "\t" inop[key] "\t" code "\t" id "\t" src "\t" dst "\t" m "\t" name
}
/^[0-9a-f][0-9a-f][0-9a-f][0-9a-f]+  / {
    line = substr($0, index($0, "  ") + 2, 48)
    n = split(line, a, " ")
    for (i = 1; i <= n; i++) if (a[i] ~ /^[0-9a-f][0-9a-f]$/) b = b a[i]
    next
}
/^$/ { frame_done(); next }
END {
    frame_done()
    for (k in inprog) if (inprog[k]) print "E\tunfinished fragmented message from " k
    print "S\tframes=" nf "\tfragmented_msgs=" nfragmsg + 0 "\tfrag_acks=" nfragack + 0 "\tlast=" lastcode
}
' "$tmp/hex.txt" >"$tmp/parsed.tsv"

nframes=$(grep -c '^F' "$tmp/parsed.tsv")
[ "$nframes" -gt 0 ] || err "no frames in $pcap"
while IFS=$'\t' read -r _ text; do err "$text"; done < <(grep '^E' "$tmp/parsed.tsv")

if [ "$verbose" = 1 ]; then
    awk -F'\t' '$1=="F"{printf "  %4d %s -> %s  %s\n", $2, $3, $4, $5}' "$tmp/parsed.tsv"
fi

if [ "$dump" = 1 ]; then
    awk -F'\t' '$1=="M" {printf "msg: %s %s %s %s\n", $2, ($8==1?"Req":"Resp"), $13, $12}' "$tmp/parsed.tsv"
fi

stats=$(grep '^S' "$tmp/parsed.tsv" | cut -f2-)
nfragmsg=$(sed -n 's/.*fragmented_msgs=\([0-9]*\).*/\1/p' <<<"$stats")
nfragack=$(sed -n 's/.*frag_acks=\([0-9]*\).*/\1/p' <<<"$stats")
lastcode=$(sed -n 's/.*last=\([A-Za-z]*\).*/\1/p' <<<"$stats")

# ---- 3a: Wireshark on the original file, fragments excluded ---------------
fragframes=$(awk -F'\t' '$1=="F" && $6==1 {printf "%s%s", s, $2; s=","}' "$tmp/parsed.tsv")
filter='_ws.malformed || _ws.expert.severity >= 0x00600000'
excl=""
if [ -n "$fragframes" ]; then
    excl=" && !(frame.number in {${fragframes//,/ }})"
fi
bad=$(ts -r "$pcap" -Y "($filter)$excl" -T fields -e frame.number -e _ws.expert.message)
if [ -n "$bad" ]; then
    while IFS= read -r l; do err "wireshark: frame $l"; done <<<"$bad"
fi
# Wireshark's own view of the message types in unfragmented frames
ws_types=$(ts -r "$pcap" -Y "wps.message_type$excl" -T fields -e frame.number -e wps.message_type)

# cross-check Wireshark vs our parser on unfragmented messages
while IFS=$'\t' read -r _ fr _ nfr name mt _; do
    [ "$nfr" = 1 ] || continue
    wsm=$(awk -v f="$fr" '$1==f {print $2}' <<<"$ws_types")
    want=$(printf '0x%02x' "$mt")
    [ "$wsm" = "$want" ] || err "frame $fr: wireshark wps.message_type '$wsm', parser says $want ($name)"
done < <(grep '^M' "$tmp/parsed.tsv")

# ---- 3b: reassembled messages -> synthetic pcap -> Wireshark --------------
if awk -F'\t' '$1=="M" && $4>1 {f=1} END {exit !f}' "$tmp/parsed.tsv"; then
    : >"$tmp/synth.txt"
    n=0
    declare -a synth_expect=()
    while IFS=$'\t' read -r _ fr _ nfr name mt op code id src dst hex _; do
        [ "$nfr" -gt 1 ] || continue
        n=$((n + 1))
        mlen=$(( ${#hex} / 2 ))
        eaplen=$((12 + 2 + mlen))
        hdr=$(printf '%s%s888e0200%04x%02x%02x%04xfe00372a00000001%02x00' \
            "${dst//:/}" "${src//:/}" "$eaplen" "$code" "$id" "$eaplen" "$op")
        all="$hdr$hex"
        # text2pcap hexdump format: offset + bytes, 16 per line
        awk -v h="$all" 'BEGIN{for(i=0;i<length(h)/2;i+=16){printf "%06x", i; for(j=i;j<i+16&&j<length(h)/2;j++) printf " %s", substr(h,2*j+1,2); printf "\n"}}' >>"$tmp/synth.txt"
        synth_expect+=("$(printf '0x%02x' "$mt"):$fr")
    done < <(grep '^M' "$tmp/parsed.tsv")
    if text2pcap -q "$tmp/synth.txt" "$tmp/synth.pcap" >/dev/null 2>&1 || \
       text2pcap "$tmp/synth.txt" "$tmp/synth.pcap" >/dev/null 2>&1; then
        sbad=$(ts -r "$tmp/synth.pcap" -Y "$filter" -T fields -e frame.number -e _ws.expert.message)
        if [ -n "$sbad" ]; then
            while IFS= read -r l; do err "wireshark (reassembled): $l"; done <<<"$sbad"
        fi
        mapfile -t stypes < <(ts -r "$tmp/synth.pcap" -T fields -e wps.message_type)
        i=0
        for e in "${synth_expect[@]}"; do
            [ "${stypes[$i]:-}" = "${e%%:*}" ] || \
                err "reassembled message ending in frame ${e#*:}: wireshark says '${stypes[$i]:-}', parser ${e%%:*}"
            i=$((i + 1))
        done
        echo "reassembled: $n fragmented message(s) re-dissected by wireshark"
    else
        err "text2pcap failed"
    fi
fi

# ---- 4: expectations ------------------------------------------------------
seq=$(awk -F'\t' '$1=="F" && $7 != "" {printf "%s%s", sep, $7; sep=" "}' "$tmp/parsed.tsv")
msgs=$(awk -F'\t' '$1=="M" {printf "%s%s", s, $5; s=" "}' "$tmp/parsed.tsv")
seen=$(tr ' ' '\n' <<<"$msgs" | awk 'NF && !u[$0]++' | tr '\n' ' ' | sed 's/ $//')

echo "file: $pcap ($nframes frames, $nfragmsg fragmented message(s), $nfragack WSC_FRAG_ACK)"
echo "seen: $seen"
echo "sequence: $seq"

for m in $expect; do
    grep -qw -- "$m" <<<" $msgs " || err "expected message $m not seen"
done
if [ -n "$exact" ] && [ "$msgs" != "$exact" ]; then
    err "message sequence '$msgs' != expected '$exact'"
fi
if [ -n "$eap_end" ] && [ "$lastcode" != "$eap_end" ]; then
    err "last EAP packet is '$lastcode', expected '$eap_end'"
fi
if [ "$need_frag" = 1 ] && { [ "$nfragmsg" -eq 0 ] || [ "$nfragack" -eq 0 ]; }; then
    err "no fragmentation seen (fragmented=$nfragmsg frag_acks=$nfragack)"
fi

if [ "$errors" -gt 0 ]; then
    echo "RESULT: FAIL ($errors error(s))"
    exit 1
fi
echo "RESULT: OK"
