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
echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
