#!/usr/bin/env bash
# The core of libwsc (its 16 protocol modules: no crypto backend, no OS
# random source, no program) compiled -Os for a bare-metal Cortex-M4
# (arm-none-eabi, newlib, -mthumb) and for x86_64: text, data and bss per
# module and in total (before a linker drops what a program does not use),
# and the deepest direct call chain's stack. Used by tests/portability/
# run.sh (make portability) and scripts/bench.sh (make bench).
#   usage: tests/portability/core_size.sh [cm4] [x86_64]     (default both)
# Exits 1 if a module does not compile.
set -uo pipefail
cd "$(dirname "$0")/../.."
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(cm4 x86_64)
core=(attr env keys pin cred session enrollee registrar eap eap_peer eap_auth ie select ap ap_rules hex)
cmake -S . -B build >/dev/null 2>&1 # the generated version.h
flags=(-std=c11 -Os -ffunction-sections -fdata-sections -fstack-usage
	-fcallgraph-info=su -Iinclude -Ibuild/include -Isrc/lib -D_DEFAULT_SOURCE)
rc=0
for target in "${targets[@]}"; do
	mkdir -p "build-size/$target"
	if [ "$target" = cm4 ]; then
		cc=(arm-none-eabi-gcc -mthumb -mcpu=cortex-m4 -mfloat-abi=soft); size=arm-none-eabi-size
	else
		cc=(gcc); size=size
	fi
	okc=1
	for m in "${core[@]}"; do
		(cd "build-size/$target" && "${cc[@]}" "${flags[@]/#-I/-I../../}" -c "../../src/lib/$m.c" -o "$m.o") \
			2>"build-size/$target/$m.err" ||
			{ okc=0; echo "  FAIL: $target: $m.c: $(head -n 3 "build-size/$target/$m.err")"; }
	done
	if [ $okc = 1 ]; then
		echo "  ok: $target: the core compiles (${#core[@]} modules, no crypto backend, no OS random)"
	else
		rc=1
		continue
	fi
	echo "-- $target: text data bss per module (bytes, -Os, before linking drops unused sections)"
	(cd "build-size/$target" && $size -t "${core[@]/%/.o}") | sed 's/^/   /'
	python3 tests/portability/stack.py "build-size/$target" | sed "s/^/   $target: /"
done
exit $rc
