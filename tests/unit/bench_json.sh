#!/bin/sh
# `wsc bench --json`: the figures are all there, every run completed with
# the credential (a failed run makes bench exit 1), the registrar's heap
# per session is within the bound wsc.h states, nothing is left
# allocated, and bad arguments are refused. Times are not checked.
# usage: bench_json.sh WSC
set -eu
wsc=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$wsc" bench --runs 3 --max-sessions 10 --no-callgrind --json "$out/b.json" \
	>"$out/table"
python3 - "$out/b.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
fail = []
def need(cond, what):
    if not cond:
        fail.append(what)
need(b["runs"] == 3, "runs")
need(len(b["roles"]) == 8, "8 role rows")
for r in b["roles"]:
    need(r["frames"] == 14, "14 frames in a run")
    need(r["cpu_ms"] > 0 and r["floor_ms"] > 0, "times measured")
    need(r["instr"] is None, "no instructions without callgrind")
need({(r["role"], r["bits"], r["keys_ahead"]) for r in b["roles"]} ==
     {(role, bits, ahead) for role in ("registrar", "enrollee")
      for bits in (200, 256) for ahead in (False, True)}, "role x bits x keys")
need([s["sessions"] for s in b["scaling"]] == [1, 10], "scaling rows")
for s in b["scaling"]:
    need(0 < s["registrar_heap_per_session"] <= 14 * 1024, "heap bound")
need(b["heap"]["allocations_per_side_run"] == 2, "2 allocations per side")
need(b["heap_in_use_after"] == 0, "nothing left allocated")
need(b["frag50"]["frames"] > 14, "fragmented run")
if fail:
    print("bench_json: FAIL:", ", ".join(fail))
    sys.exit(1)
print("bench_json: ok")
PY
grep -q "^registrar  *256  *ahead" "$out/table"
for bad in "--runs 0" "--max-sessions x" "--bogus" "extra"; do
	# shellcheck disable=SC2086
	if "$wsc" bench $bad >"$out/o" 2>"$out/e"; then
		echo "bench_json: FAIL: '$bad' accepted"; exit 1
	fi
	grep -q "wsc bench\|usage" "$out/e" "$out/o" ||
		{ echo "bench_json: FAIL: '$bad' without a message"; exit 1; }
done
echo "bench_json: all passed"
