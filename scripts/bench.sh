#!/usr/bin/env bash
# `make bench`: wsc bench in process (JSON to build/bench.json), the size
# of libwsc's core without the program (tests/portability/core_size.sh:
# Cortex-M4 and x86_64, -Os) and, as root, the side-by-side comparison
# with hostapd and wpa_supplicant over a veth pair
# (tests/bench/side_by_side.sh, JSON to build/bench-side.json).
# Prints figures; asserts nothing about speed. A run that fails to
# complete, or a missing peer for the side-by-side part, is an error.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
./build/wsc bench --runs "${BENCH_RUNS:-200}" --json build/bench.json
echo
echo "libwsc's core, without the program:"
targets=(x86_64)
command -v arm-none-eabi-gcc >/dev/null && targets=(cm4 x86_64)
bash tests/portability/core_size.sh "${targets[@]}"
echo
if [ "$(id -u)" != 0 ]; then
	echo "bench: the side-by-side comparison needs root (network namespaces)" >&2
	exit 1
fi
bash tests/bench/side_by_side.sh --runs "${SIDE_RUNS:-20}" \
	--json build/bench-side.json --wsc build/wsc
