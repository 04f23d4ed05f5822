#!/bin/bash
# tests/wifi/guest_runner.sh - runs inside the VM (started by run.sh via
# vm.sh): runs each case script given as an argument, in order.
#
# Per case: fresh mac80211_hwsim (hwsim_reload with the radio count from a
# "# wifi-radios: N" line in the case, default 2), then
#     timeout T bash CASE      (T from "# wifi-timeout: SEC", default
#                               $WIFI_CASE_TIMEOUT or 120)
# with WIFI_CASE=name and WIFI_LOGDIR=$WIFI_SHARE/logs/name; afterwards any
# process the case left in its process group is killed, then stop_all.
# The case's output is copied to stdout (its lines starting with "PASS " /
# "FAIL " are the results). A case that exits non-zero (or times out)
# without printing a FAIL line gets one; a case that exits 0 without
# printing any result line gets "PASS <name>".
set -u
. "$(dirname "$0")/guest_lib.sh"

default_timeout=${WIFI_CASE_TIMEOUT:-120}
header() {  # FILE KEY DEFAULT: value of "# KEY: value" in the first 30 lines
	local v
	v=$(head -n 30 "$1" | sed -n "s/^#[[:space:]]*$2:[[:space:]]*\([0-9][0-9]*\).*/\1/p" | head -n1)
	echo "${v:-$3}"
}

for c in "$@"; do
	name=$(basename "$c" .sh)
	name=${name#case_}
	radios=$(header "$c" wifi-radios 2)
	tmo=$(header "$c" wifi-timeout "$default_timeout")
	echo "=== $name (radios $radios, timeout ${tmo}s)"
	logdir=$WIFI_SHARE/logs/$name
	mkdir -p "$logdir"
	if ! hwsim_reload "$radios"; then
		echo "FAIL $name hwsim_reload $radios failed"
		continue
	fi
	t0=$SECONDS
	WIFI_CASE=$name WIFI_LOGDIR=$logdir \
		timeout -k 5 "$tmo" bash "$c" >"$logdir/output.log" 2>&1 </dev/null &
	pid=$!
	wait "$pid"
	rc=$?
	kill -9 -- "-$pid" 2>/dev/null   # stragglers in the case's process group
	stop_all
	cat "$logdir/output.log"
	nfail=$(grep -c '^FAIL ' "$logdir/output.log")
	npass=$(grep -c '^PASS ' "$logdir/output.log")
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		echo "FAIL $name timed out after ${tmo}s"
	elif [ "$rc" != 0 ] && [ "$nfail" = 0 ]; then
		echo "FAIL $name exit status $rc"
	elif [ "$rc" = 0 ] && [ "$nfail" = 0 ] && [ "$npass" = 0 ]; then
		echo "PASS $name"
	fi
	echo "--- $name: exit $rc, $((SECONDS - t0))s"
done
exit 0
