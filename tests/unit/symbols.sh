#!/bin/sh
# Every global symbol a static libwsc defines starts with wsc_ (internal
# ones with wsc__, see src/lib/prefix.h): an embedder linking libwsc.a into
# firmware must not meet a clash on 'authenticator' or 'build_header'.
lib=$1
nm=${2:-nm}   # a cross build's own nm
# (sanitizer builds add their own: __odr_asan.*, __asan_*, __sancov_*)
bad=$("$nm" -g --defined-only "$lib" | awk 'NF == 3 { print $3 }' | grep -v '^wsc_' |
	grep -Ev '^__(odr_asan|asan|sancov|ubsan)' | sort -u)
n=$("$nm" -g --defined-only "$lib" | awk 'NF == 3 { print $3 }' | grep -c '^wsc_')
if [ -n "$bad" ]; then
	echo "symbols: global names without the wsc_ prefix in $lib:" $bad
	echo "symbols: 0 passed, 1 failed"
	exit 1
fi
echo "symbols: $n global names, all prefixed wsc_"
echo "symbols: 1 passed, 0 failed"
