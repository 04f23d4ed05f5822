#!/usr/bin/env bash
# libwsc beyond x86_64 (make portability): the unit tests cross-built with
# Debian's cross compilers on the Mbed TLS backend and run under
# qemu-user on 32-bit ARM (armhf) and on a big-endian machine (s390x); the
# core compiled bare-metal for a Cortex-M4 (arm-none-eabi, newlib, -Os
# -mthumb), its sizes per module and its worst stack chain printed beside
# x86_64's. usage: tests/portability/run.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
pass=0 fail=0
ok() { echo "  ok: $*"; pass=$((pass + 1)); }
bad() { echo "  FAIL: $*"; fail=$((fail + 1)); }

for arch in armhf s390x; do
	echo "== $arch: cross build, unit tests under qemu-user"
	dir=build-$arch extra=()
	# s390x links its tests statically (see its toolchain file)
	[ $arch = s390x ] && extra=(-DMBEDCRYPTO_LIB=/usr/lib/s390x-linux-gnu/libmbedcrypto.a)
	if cmake -S . -B "$dir" -DCMAKE_TOOLCHAIN_FILE="cmake/toolchain-$arch.cmake" "${extra[@]}" \
		-DWSC_CRYPTO=mbedtls -DWSC_BUILD_PROGRAM=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		>"$dir.log" 2>&1 && cmake --build "$dir" -j"$(nproc)" >>"$dir.log" 2>&1; then
		ok "$arch: built ($(file -b "$dir/test_codec" | cut -d, -f1-2))"
	else
		bad "$arch: build failed: $(tail -n 5 "$dir.log")"
		continue
	fi
	if ctest --test-dir "$dir" --output-on-failure >"$dir/ctest.log" 2>&1; then
		ok "$arch: $(grep -E 'tests passed' "$dir/ctest.log")"
	else
		bad "$arch: $(grep -E 'tests passed|Failed' "$dir/ctest.log" | head -5 | tr '\n' ' ')"
		grep -E '^FAIL' "$dir/ctest.log" | head -10
	fi
done

echo "== bare-metal Cortex-M4 and x86_64: the core's sizes and stack"
if bash tests/portability/core_size.sh cm4 x86_64; then
	ok "the core's sizes and stack, Cortex-M4 and x86_64"
else
	bad "the core does not compile for every target"
fi
echo "portability: $pass passed, $fail failed"
[ $fail -eq 0 ]
