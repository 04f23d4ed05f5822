#!/usr/bin/env bash
# What `cmake --install` places, as a Debian user expects it: the program,
# the library and its header, a man page for wsc and each command (each
# renders without a warning), the systemd unit naming the installed
# program, the OpenWrt hooks. Installs into a temporary root (DESTDIR).
# usage: tests/install.sh BUILD_DIR
set -uo pipefail
build=${1:?build dir}
root=$(mktemp -d /tmp/wsc-install.XXXXXX)
trap 'rm -rf "$root"' EXIT
pass=0 fail=0
ok() { echo "  ok: $*"; pass=$((pass + 1)); }
bad() { echo "  FAIL: $*"; fail=$((fail + 1)); }

prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")
if DESTDIR="$root" cmake --install "$build" >"$root.log" 2>&1; then
	ok "cmake --install into DESTDIR=$root (prefix $prefix)"
else
	bad "cmake --install failed: $(tail -n 3 "$root.log")"
fi
rm -f "$root.log"
p=$root$prefix
for f in bin/wsc include/wsc/wsc.h; do
	[ -e "$p/$f" ] && ok "$prefix/$f" || bad "no $prefix/$f"
done
ls "$p"/lib*/libwsc.* >/dev/null 2>&1 && ok "$prefix/lib: $(cd "$p" && ls lib*/libwsc.* | tr '\n' ' ')" || bad "no libwsc in $prefix/lib"
for page in wsc wsc-ap wsc-sta wsc-scan wsc-cli wsc-demo wsc-sim wsc-bench; do
	f=$p/share/man/man1/$page.1
	if [ ! -f "$f" ]; then bad "no man page $page(1)"; continue; fi
	warn=$(groff -man -Tutf8 -ww -z "$f" 2>&1)
	out=$(MANWIDTH=80 man -l "$f" 2>/dev/null | head -n 5)
	[ -z "$warn" ] && grep -q "NAME" <<<"$out" && ok "man page $page(1) renders" ||
		bad "man page $page(1): $warn"
done
unit=$p/lib/systemd/system/wsc-ap@.service
if [ -f "$unit" ] && grep -q "^ExecStart=$prefix/bin/wsc ap " "$unit"; then
	ok "systemd unit, ExecStart=$prefix/bin/wsc"
else
	bad "systemd unit missing or not naming $prefix/bin/wsc: $(grep ExecStart "$unit" 2>&1)"
fi
for h in wps-button wps-event-action; do
	[ -x "$p/share/wsc/openwrt/$h" ] && ok "OpenWrt hook share/wsc/openwrt/$h" || bad "no OpenWrt hook $h"
done

# libwsc alone, as an embedder builds it (no program, no libedit, no
# libnl, no tests), installed, then used by a program outside the project
# through pkg-config and through find_package, shared and static
src=$(cd "$(dirname "$0")/.." && pwd)
lib=$root/lib-only
if cmake -S "$src" -B "$lib/build" -DWSC_BUILD_TOOLS=OFF -DCMAKE_INSTALL_PREFIX=/usr/local >"$lib.log" 2>&1 &&
	cmake --build "$lib/build" -j"$(nproc)" >>"$lib.log" 2>&1 &&
	DESTDIR="$lib/root" cmake --install "$lib/build" >>"$lib.log" 2>&1; then
	ok "cmake -DWSC_BUILD_TOOLS=OFF: libwsc alone built and installed"
else
	bad "library-only build: $(tail -n 5 "$lib.log")"
fi
lp=$lib/root/usr/local
[ ! -e "$lp/bin/wsc" ] && ok "library-only install has no program" || bad "library-only install has bin/wsc"
for f in include/wsc/wsc.h include/wsc/version.h lib/pkgconfig/wsc.pc \
	lib/cmake/wsc/wscConfig.cmake lib/cmake/wsc/wscConfigVersion.cmake lib/cmake/wsc/wscTargets.cmake; do
	[ -e "$lp/$f" ] && ok "library-only: $f" || bad "library-only: no $f"
done
grep -q "^#define WSC_VERSION \"$(sed -n 's/^project(wsc VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")\"" "$lp/include/wsc/version.h" &&
	ok "version.h carries CMakeLists.txt's version" || bad "version.h: $(cat "$lp/include/wsc/version.h")"
# pkg-config (the .pc names /usr/local; --define-prefix finds the DESTDIR)
flags=$(PKG_CONFIG_PATH=$lp/lib/pkgconfig pkg-config --define-prefix --cflags --libs wsc 2>&1)
if gcc -o "$lib/outside-pc" "$src/tests/install/outside.c" $flags 2>"$lib.cc" &&
	out=$(LD_LIBRARY_PATH=$lp/lib "$lib/outside-pc") && [[ "$out" == "libwsc "*": ok" ]]; then
	ok "pkg-config --cflags --libs wsc: an outside program builds and runs ($out)"
else
	bad "pkg-config build: $flags $(cat "$lib.cc") $out"
fi
# find_package(wsc): wsc::wsc (shared) and wsc::wsc_static
if cmake -S "$src/tests/install" -B "$lib/outside" -DCMAKE_PREFIX_PATH="$lp" >"$lib.log" 2>&1 &&
	cmake --build "$lib/outside" >>"$lib.log" 2>&1; then
	o1=$(LD_LIBRARY_PATH=$lp/lib "$lib/outside/outside") o2=$("$lib/outside/outside_static")
	[[ "$o1" == *": ok" && "$o2" == *": ok" ]] &&
		ok "find_package(wsc): wsc::wsc and wsc::wsc_static programs run ($o2)" ||
		bad "find_package programs: '$o1' '$o2'"
	! ldd "$lib/outside/outside_static" | grep -q libwsc && ok "the static program needs no libwsc.so" ||
		bad "outside_static links libwsc.so"
else
	bad "find_package(wsc): $(tail -n 5 "$lib.log")"
fi
# -DBUILD_SHARED_LIBS=OFF: the archive alone, as firmware links it
st=$root/lib-static
sp=$st/root/usr/local
if cmake -S "$src" -B "$st/build" -DWSC_BUILD_TOOLS=OFF -DBUILD_SHARED_LIBS=OFF \
	-DCMAKE_INSTALL_PREFIX=/usr/local >"$lib.log" 2>&1 &&
	cmake --build "$st/build" -j"$(nproc)" >>"$lib.log" 2>&1 &&
	DESTDIR="$st/root" cmake --install "$st/build" >>"$lib.log" 2>&1; then
	ok "cmake -DBUILD_SHARED_LIBS=OFF: built and installed"
else
	bad "static-only build: $(tail -n 5 "$lib.log")"
fi
if [ -e "$sp/lib/libwsc.a" ] && ! compgen -G "$sp/lib/libwsc.so*" >/dev/null; then
	ok "static-only install: libwsc.a and no libwsc.so"
else
	bad "static-only install: $(ls "$sp/lib")"
fi
o=""
if cmake -S "$src/tests/install" -B "$st/outside" -DCMAKE_PREFIX_PATH="$sp" >"$lib.log" 2>&1 &&
	cmake --build "$st/outside" >>"$lib.log" 2>&1 && [ ! -e "$st/outside/outside" ] &&
	o=$("$st/outside/outside_static") && [[ "$o" == *": ok" ]]; then
	ok "static-only find_package(wsc): wsc::wsc_static alone, the program runs ($o)"
else
	bad "static-only find_package: $(tail -n 5 "$lib.log") $o"
fi
flags=$(PKG_CONFIG_PATH=$sp/lib/pkgconfig pkg-config --define-prefix --static --cflags --libs wsc 2>&1)
if gcc -o "$st/outside-pc" "$src/tests/install/outside.c" $flags 2>"$lib.cc" &&
	! ldd "$st/outside-pc" | grep -q libwsc && o=$("$st/outside-pc") && [[ "$o" == *": ok" ]]; then
	ok "static-only pkg-config --static: an outside program builds and runs ($o)"
else
	bad "static-only pkg-config build: $flags $(cat "$lib.cc") $o"
fi
rm -f "$lib.log" "$lib.cc"
echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
