#!/bin/bash
# tests/wifi/run.sh - host-side entry for the mac80211_hwsim radio tests.
#
# usage: run.sh [--keep] [CASE...]
#   CASE     "baseline" or a case name ("foo" or "case_foo" for
#            tests/wifi/case_foo.sh); default: baseline.sh, then every
#            tests/wifi/case_*.sh in sorted order
#   --keep   keep the temp dir (logs, pcaps) and print its path
#            (also WIFI_KEEP=1)
# Environment: WIFI_CASE_TIMEOUT (per-case default, 120 s), WIFI_VM_TIMEOUT
# (whole VM; default: sum of case timeouts + 120 s), CI=true (never skip).
#
# All cases run in ONE VM boot (vm.sh + guest_runner.sh); each gets a fresh
# hwsim (radios from its "# wifi-radios: N" line) and is bounded by timeout.
# Prints the case output, then "wifi: N passed, M failed"; exits 0 only if
# nothing failed and something passed; 77 = skipped (not root, CI unset).
set -u

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
keep=${WIFI_KEEP:-0}
names=()
for a in "$@"; do
	case $a in
	--keep) keep=1 ;;
	-h|--help) sed -n '2,/^set -u/p' "$0" | sed 's/^# \{0,1\}//; /^set -u/d'; exit 0 ;;
	-*) echo "run.sh: unknown option $a" >&2; exit 2 ;;
	*) names+=("$a") ;;
	esac
done

skip_or_fail() {
	if [ "${CI:-}" = true ]; then echo "wifi: FAIL: $* (CI=true: not skipping)" >&2; exit 1; fi
	echo "wifi: SKIP: $*" >&2; exit 77
}
missing() { echo "wifi: FAIL: missing prerequisite: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || skip_or_fail "must run as root (qemu 9p passthrough, hwsim VM)"
for t in qemu-system-x86_64 busybox hostapd hostapd_cli wpa_supplicant wpa_cli iw \
	cpio gzip modinfo timeout file; do
	command -v "$t" >/dev/null || missing "$t"
done
file -L "$(command -v busybox)" | grep -q 'statically linked' || missing "static busybox (busybox-static)"
kok=0
for k in /boot/vmlinuz-*; do
	[ -r "$k" ] || continue
	find "/lib/modules/${k#/boot/vmlinuz-}" -name 'mac80211_hwsim.ko*' 2>/dev/null | grep -q . && kok=1
done
[ "$kok" = 1 ] || missing "a /boot/vmlinuz-* whose /lib/modules has mac80211_hwsim (linux-image-amd64)"

# ---- case list -------------------------------------------------------------
cases=()
if [ ${#names[@]} -eq 0 ]; then
	cases=("$here/baseline.sh")
	for c in "$here"/case_*.sh; do [ -e "$c" ] && cases+=("$c"); done
else
	for n in "${names[@]}"; do
		n=${n%.sh}; n=${n##*/}
		for f in "$here/$n.sh" "$here/case_$n.sh"; do
			[ -f "$f" ] && { cases+=("$f"); continue 2; }
		done
		echo "run.sh: no such case: $n" >&2; exit 2
	done
fi

total=0
for c in "${cases[@]}"; do
	t=$(head -n 30 "$c" | sed -n 's/^#[[:space:]]*wifi-timeout:[[:space:]]*\([0-9][0-9]*\).*/\1/p' | head -n1)
	total=$((total + ${t:-${WIFI_CASE_TIMEOUT:-120}} + 15))
done
vm_timeout=${WIFI_VM_TIMEOUT:-$((total + 120))}

# ---- run -----------------------------------------------------------------------
tmp=$(mktemp -d /tmp/wsc-wifi.XXXXXX) || exit 1
cleanup() {
	if [ "$keep" = 1 ]; then echo "wifi: logs kept in $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM   # vm.sh kills its qemu itself

t0=$SECONDS
echo "wifi: ${#cases[@]} case(s) in one VM (timeout ${vm_timeout}s): ${cases[*]##*/}"
bash "$here/vm.sh" --radios 0 --timeout "$vm_timeout" --share-ro "$repo" \
	"$tmp" "$here/guest_runner.sh" "${cases[@]}"
vrc=$?

npass=$(grep -c '^PASS ' "$tmp/guest.log" 2>/dev/null)
nfail=$(grep -c '^FAIL ' "$tmp/guest.log" 2>/dev/null)
npass=${npass:-0} nfail=${nfail:-0}
if [ "$nfail" -gt 0 ]; then
	echo "wifi: failures:"
	grep '^FAIL ' "$tmp/guest.log" | sed 's/^/  /'
fi
echo "wifi: $npass passed, $nfail failed (wall time $((SECONDS - t0))s)"
if [ "$vrc" != 0 ]; then
	echo "wifi: FAIL: the VM run failed (vm.sh exit $vrc)" >&2
	exit 1
fi
[ "$nfail" = 0 ] && [ "$npass" -gt 0 ]
