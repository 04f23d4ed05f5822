#!/usr/bin/env bash
# A fuzzing campaign: each libFuzzer target (ASan + UBSan) runs until it
# has executed RUNS inputs (default 10 million), growing the corpus in
# build-fuzz/corpus, and the figures SECURITY.md quotes are printed: per
# target the executions, the time, the coverage (edges) and features
# libFuzzer reports at the end, and the crashes (none, or it fails).
#   bash tests/fuzz/campaign.sh [RUNS] [TARGET...]      (make fuzz-campaign)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-10000000}
shift || true
targets=("$@")
. tests/fuzz/prepare.sh
[ ${#targets[@]} -gt 0 ] || targets=("${fuzz_targets[@]}")
rc=0
printf '%-8s %12s %8s %8s %8s %7s\n' target executions seconds edges features crashes
for t in "${targets[@]}"; do
	log="$dir/campaign_$t.log"
	t0=$(date +%s)
	corpus=corpus/${t%_det} # session_det grows the session corpus
	if (cd "$dir" && "./fuzz_$t" -runs="$runs" -timeout=5 -print_final_stats=1 \
		"$corpus" >"campaign_$t.log" 2>&1); then
		crashes=0
	else
		crashes=1
		rc=1
	fi
	secs=$(($(date +%s) - t0))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)
	cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$done_line")
	ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$done_line")
	printf '%-8s %12s %8s %8s %8s %7s\n' "$t" "${execs:-?}" "$secs" "${cov:-?}" "${ft:-?}" "$crashes"
	[ "$crashes" = 0 ] || grep -E "ERROR|SUMMARY|crash-|Test unit written" "$log" | head -5
done
exit $rc
