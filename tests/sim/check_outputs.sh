#!/usr/bin/env bash
# The simulator's outputs as their readers see them: `wsc demo` and every
# example scenario pass; tshark decodes a capture without malformed packets
# or warnings and shows M1..M8; the diagram is well-formed XML; the same
# seed gives byte-identical files; a bad scenario is refused.
# usage: tests/sim/check_outputs.sh [path/to/wsc]   (default build/wsc)
set -uo pipefail
cd "$(dirname "$0")/../.."
wsc=${1:-build/wsc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
try() { # try DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@" >"$tmp/out" 2>&1; then ok "$what"; else bad "$what"; sed 's/^/     /' "$tmp/out" | tail -20; fi
}

try "wsc demo passes every check" "$wsc" demo --seed 7
grep -q 'All 4 devices of the network share SSID' "$tmp/out" ||
	bad "wsc demo ends with one network"
for f in scenarios/*.txt; do
	try "wsc sim $f" "$wsc" sim "$f" -q
done
try "generated scale scenario" "$wsc" sim --generate aps=2,stations=20,hours=0.2 -q

for i in 1 2; do
	"$wsc" sim scenarios/manual.txt --seed 9 --pcap "$tmp/m$i.pcapng" \
		--svg "$tmp/m$i.svg" >"$tmp/m$i.txt" 2>&1 || bad "manual.txt run $i"
	"$wsc" sim scenarios/faults.txt --seed 9 -v --pcap "$tmp/f$i.pcapng" \
		>"$tmp/f$i.txt" 2>&1 || bad "faults.txt run $i"
done
for x in m.txt m.pcapng m.svg f.txt f.pcapng; do
	try "same seed, identical $x" cmp "$tmp/${x%%.*}1.${x#*.}" "$tmp/${x%%.*}2.${x#*.}"
done

try "the diagram is well-formed XML" python3 -c \
	'import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])' "$tmp/m1.svg"

if command -v tshark >/dev/null; then
	flagged=$(tshark -r "$tmp/m1.pcapng" -Y '_ws.malformed || _ws.expert.severity >= warning' 2>/dev/null)
	[ -z "$flagged" ] && ok "tshark: no malformed packet, no warning" ||
		{ bad "tshark flags frames"; echo "$flagged" | head; }
	types=$(tshark -r "$tmp/m1.pcapng" -Y eapol -T fields -e wps.message_type 2>/dev/null | sort -u | tr '\n' ' ')
	want="0x04 0x05 0x07 0x08 0x09 0x0a 0x0b 0x0c"
	missing=""
	for t in $want; do case " $types " in *" $t "*) ;; *) missing="$missing $t" ;; esac; done
	[ -z "$missing" ] && ok "tshark sees M1..M8 in EAPOL" || bad "tshark misses WSC messages:$missing"
	ies=$(tshark -r "$tmp/m1.pcapng" -Y 'wlan.fc.type_subtype == 8 && wps.selected_registrar' -T fields -e wps.device_password_id 2>/dev/null | sort -u | tr '\n' ' ')
	case "$ies" in *0x0004*) ok "tshark sees beacons with Selected Registrar, PBC" ;; *) bad "beacons: '$ies'" ;; esac
	flagged=$(tshark -r "$tmp/f1.pcapng" -Y '_ws.malformed || _ws.expert.severity >= warning' 2>/dev/null)
	[ -z "$flagged" ] && ok "tshark: the lossy run decodes cleanly too" ||
		{ bad "tshark flags frames of the lossy run"; echo "$flagged" | head; }
elif [ "${CI:-}" = true ]; then
	bad "tshark is missing"
else
	echo "skip tshark checks: tshark not installed"
fi

printf 'device A ap\nat 1s B pbc\n' >"$tmp/bad.txt"
"$wsc" sim "$tmp/bad.txt" >"$tmp/out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "bad.txt:2: unknown device 'B'" "$tmp/out" &&
	ok "a bad line is named; exit 2" || bad "bad scenario: exit $rc, $(cat "$tmp/out")"
printf 'device A ap\ndevice B sta\nat 1s B pbc\nexpect B configured\n' >"$tmp/no.txt"
"$wsc" sim "$tmp/no.txt" -q >/dev/null 2>&1
[ $? -eq 1 ] && ok "a failed expectation exits 1" || bad "failed expectation exit"

echo "sim outputs: $pass passed, $fail failed"
[ $fail -eq 0 ]
