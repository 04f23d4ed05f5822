#!/usr/bin/env bash
# The whole test suite: unit tests (plain, under ASan/UBSan, and on the
# Mbed TLS backend), then the
# interop suite against real hostapd and wpa_supplicant in network
# namespaces, and the radio suite against them on mac80211_hwsim radios in
# a qemu VM (both need root). Under CI=true nothing is skipped.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh test || exit 1
fail=0
step() {
	echo "== $*"
	"$@" || { echo "!! failed: $*"; fail=1; }
}
step bash scripts/build.sh build
step bash scripts/build.sh build-asan -DWSC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
step ctest --test-dir build --output-on-failure
step ctest --test-dir build-asan --output-on-failure
# the same library on the other crypto backend (Mbed TLS): the unit suite,
# and below the interop suite against hostapd and wpa_supplicant
step bash scripts/build.sh build-mbedtls -DWSC_CRYPTO=mbedtls
step ctest --test-dir build-mbedtls --output-on-failure
# the simulator's files as tshark, an XML parser and a user read them
step bash tests/sim/check_outputs.sh build/wsc
# what `cmake --install` places: program, library, man pages, unit, hooks
step bash tests/install.sh build
# Pixie Dust: pixiewps must not recover a PIN from a wsc enrollee's run
step bash tests/security/pixie.sh build
# 32-bit ARM and big-endian s390x under qemu-user, the Cortex-M4 sizes
step bash tests/portability/run.sh
# a short fuzzing smoke run; long campaigns: make fuzz
step bash tests/fuzz/run.sh 10
if [ "$(id -u)" -eq 0 ]; then
	step bash tests/interop/run_all.sh
	step env WSC_BIN="$PWD/build-mbedtls/wsc" bash tests/interop/interop.sh
	step bash tests/daemon/daemon.sh
	step bash tests/wifi/run.sh
elif [ "${CI:-}" = true ]; then
	echo "!! interop and radio tests need root (network namespaces, the VM)"; fail=1
else
	echo "== interop tests skipped: not root (run as root for the full suite)"
fi
[ $fail -eq 0 ] && echo "== ALL TESTS PASSED" || echo "== SOME TESTS FAILED"
exit $fail
