#!/usr/bin/env bash
# Make sure the Debian packages a job needs are present.
#   deps.sh build   compiler, cmake, OpenSSL headers
#   deps.sh test    build + the real peers and tools the test suite drives
# As root the missing packages are installed with apt-get; otherwise the
# script names them and fails.
set -euo pipefail

build_pkgs=(gcc make cmake pkg-config libssl-dev libedit-dev libnl-3-dev libnl-genl-3-dev)
test_pkgs=(hostapd wpasupplicant tshark iproute2 python3 python3-gi xxd procps clang libclang-rt-14-dev pixiewps
	qemu-system-x86 linux-image-amd64 busybox-static iw rfkill man-db groff-base
	strace file cpio libmbedtls-dev valgrind
	gcc-arm-linux-gnueabihf gcc-s390x-linux-gnu qemu-user libmbedtls-dev:armhf libmbedtls-dev:s390x
	gcc-arm-none-eabi libnewlib-arm-none-eabi)

want=("${build_pkgs[@]}")
[ "${1:-build}" = test ] && want+=("${test_pkgs[@]}")

missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "missing Debian packages: ${missing[*]}" >&2
	echo "install them with: sudo apt-get install -y ${missing[*]}" >&2
	exit 1
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# multiarch packages (libmbedtls-dev:armhf) need their architecture known
for p in "${missing[@]}"; do
	case $p in *:*) dpkg --add-architecture "${p#*:}" ;; esac
done
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq "${missing[@]}" >/dev/null
