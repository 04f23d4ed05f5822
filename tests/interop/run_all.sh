#!/bin/bash
# tests/interop/run_all.sh - the interop suites CI runs (as root):
#   1. baseline.sh  real hostapd against real wpa_supplicant (the reference)
#   2. interop.sh   wsc against hostapd / wpa_supplicant / itself
# Both always run. Exit: 1 if either failed, else 77 if either was skipped
# (not root / a tool missing; under CI=true that is a failure instead), else 0.
# Arguments are passed to interop.sh (case patterns); the environment
# (CI, WSC_BIN, WSC_KEEP, WSC_ARTIFACTS, INTEROP_JOBS, ...) to both.

set -u
HERE=$(cd "$(dirname "$0")" && pwd)
t0=$(date +%s)
declare -A rc=()

for suite in baseline interop; do
    echo "######## $suite.sh"
    s=$(date +%s)
    if [ "$suite" = interop ]; then
        bash "$HERE/interop.sh" "$@"
    else
        bash "$HERE/baseline.sh"
    fi
    rc[$suite]=$?
    echo "######## $suite.sh: exit ${rc[$suite]} ($(($(date +%s) - s)) s)"
done

echo
echo "run_all: baseline.sh exit ${rc[baseline]}, interop.sh exit ${rc[interop]}, $(($(date +%s) - t0)) s"
for suite in baseline interop; do
    case ${rc[$suite]} in
    0|77) ;;
    *) echo "run_all: FAILED ($suite.sh)"; exit 1 ;;
    esac
done
if [ "${rc[baseline]}" -eq 77 ] || [ "${rc[interop]}" -eq 77 ]; then
    echo "run_all: INCOMPLETE (a suite was skipped: not root, or a tool is missing)"
    exit 77
fi
echo "run_all: PASSED"
exit 0
