#!/usr/bin/env bash
# Build the libFuzzer targets with clang (ASan + UBSan) and run each for
# SECONDS (default 60): bash tests/fuzz/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-60}
. tests/fuzz/prepare.sh
rc=0
for t in "${fuzz_targets[@]}"; do
	echo "== fuzz_$t for ${secs}s"
	log="$dir/fuzz_$t.log"
	if ! (cd "$dir" && "./fuzz_$t" -max_total_time="$secs" -timeout=5 \
		-print_final_stats=1 "corpus/${t%_det}" >"fuzz_$t.log" 2>&1); then
		rc=1
		grep -E "ERROR|SUMMARY|crash-|Test unit written" "$log" || tail -20 "$log"
	fi
	grep -E "stat::number_of_executed_units|stat::peak_rss" "$log" || true
done
# the session fuzzer gets past the Authenticator: M8's Encrypted Settings
# and the registrar's M7 are parsed (edges covered, from the corpus)
cov=$(cd "$dir" && ./fuzz_session -runs=0 -print_coverage=1 corpus/session 2>&1 |
	grep COVERED_FUNC || true)
for fn in "recv_m8 .*enrollee.c" "wsc__encr_settings_open " \
	"recv_proof .*registrar.c"; do
	line=$(grep -E "edges: [1-9][0-9]*/[0-9]+ $fn" <<<"$cov" | head -1)
	if [ -z "$line" ]; then
		echo "fuzz_session: $fn not reached"
		rc=1
	else
		echo "fuzz_session reached: ${line#COVERED_FUNC: }"
	fi
done
exit $rc
