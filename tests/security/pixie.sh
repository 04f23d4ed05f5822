#!/usr/bin/env bash
# Pixie Dust: pixiewps must not find the PIN from a wsc enrollee's run
# (fresh random E-S1/E-S2), and must find it when they are zeros (the
# flaw), which shows the check can fail. Usage: pixie.sh BUILD_DIR
set -uo pipefail
b=${1:-build}
pass=0 fail=0
ok() { echo "  ok: $*"; pass=$((pass + 1)); }
bad() { echo "  FAILED: $*"; fail=$((fail + 1)); }
if ! command -v pixiewps >/dev/null; then
	echo "pixiewps is not installed"; exit 1
fi
for i in 1 2 3; do
	args=$("$b/pixie_vectors") || { bad "vector run $i"; continue; }
	out=$(timeout 120 $args --force 2>&1)
	if grep -q "WPS pin not found" <<<"$out"; then
		ok "run $i: pixiewps --force finds no PIN"
	else
		bad "run $i: pixiewps said: $(grep -i pin <<<"$out" | head -2)"
	fi
done
args=$("$b/pixie_vectors" weak)
out=$(timeout 120 $args --force 2>&1)
if grep -q "WPS pin: *12345670" <<<"$out"; then
	ok "control: with zero E-S1/E-S2 pixiewps recovers 12345670"
else
	bad "control run: pixiewps did not recover the PIN: $out"
fi
echo "pixie: $pass passed, $fail failed"
[ $fail -eq 0 ]
