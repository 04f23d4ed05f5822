#!/usr/bin/env bash
# Scale of the simulated air: 10 APs and 100, 1,000, 10,000 stations
# enrolling (PIN, real crypto) over two simulated hours. Prints wall time
# and peak memory of each run; asserts nothing.
#   usage: scripts/bench-sim.sh [path/to/wsc] [STATIONS...]
set -euo pipefail
cd "$(dirname "$0")/.."
wsc=${1:-build/wsc}
shift || true
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100 1000 10000)
[ -x "$wsc" ] || bash scripts/build.sh build
printf '%-9s %-10s %-10s %-9s %-10s %-9s %s\n' stations simulated wall "peak RSS" events frames enrolled
for n in "${sizes[@]}"; do
	out=$("$wsc" sim --generate "aps=10,stations=$n,hours=2" -q --stats 2>&1)
	stats=$(grep '^stats:' <<<"$out")
	sim_s=$(sed -E 's/.* ([0-9.]+) simulated s.*/\1/' <<<"$stats")
	wall=$(sed -E 's/.* in ([0-9.]+) wall s.*/\1/' <<<"$stats")
	rss=$(sed -E 's/.*peak RSS ([0-9]+) KiB.*/\1/' <<<"$stats")
	events=$(sed -E 's/.* ([0-9]+) events.*/\1/' <<<"$stats")
	frames=$(sed -E 's/.* ([0-9]+) frames.*/\1/' <<<"$stats")
	ok=$(sed -E 's/.* ([0-9]+) runs ok.*/\1/' <<<"$stats")
	printf '%-9s %-10s %-10s %-9s %-10s %-9s %s\n' "$n" "${sim_s} s" \
		"${wall} s" "$((rss / 1024)) MiB" "$events" "$frames" "$ok/$n"
done
