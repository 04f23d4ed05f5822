#!/usr/bin/env bash
# Constant time, counted: each secret-exponent exponentiation of the crypto
# backend (modexp_g2 for key pairs; modexp for shared secrets, with a
# random base and with a short base a peer could choose) runs under
# callgrind with four different 32-byte exponents; the instructions
# counted inside it must agree to within 64 (the output's own length,
# not the exponent, may move a few). A zero column in the fixed-base comb
# cost 1,700 instructions more before its tables were blinded.
#   usage: tests/security/ct_check.sh PATH/TO/ct_probe
set -uo pipefail
probe=$1
command -v valgrind >/dev/null || { echo "ct_check: FAIL: valgrind is not installed"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 pass=0
for mode in g2 exp exp-short; do
	counts=()
	for pat in zeros ones alt rand; do
		if ! valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" \
			--collect-atstart=no --toggle-collect=ct_measured \
			"$probe" "$mode" "$pat" >"$tmp/out" 2>"$tmp/err"; then
			echo "ct_check: FAIL: $mode $pat: $(tail -n 3 "$tmp/err")"
			fail=$((fail + 1))
			continue 2
		fi
		counts+=("$(sed -n 's/^summary: //p' "$tmp/cg")")
	done
	min=${counts[0]} max=${counts[0]}
	for n in "${counts[@]}"; do
		[ "$n" -lt "$min" ] && min=$n
		[ "$n" -gt "$max" ] && max=$n
	done
	if [ $((max - min)) -le 64 ] && [ "$min" -gt 100000 ]; then
		echo "ct_check: ok: $mode: ${counts[*]} instructions (spread $((max - min)))"
		pass=$((pass + 1))
	else
		echo "ct_check: FAIL: $mode: ${counts[*]} instructions (spread $((max - min)))"
		fail=$((fail + 1))
	fi
done
echo "ct_check: $pass passed, $fail failed"
[ $fail -eq 0 ]
