#!/bin/sh
# Every global symbol a static libwsc defines starts with wsc_ (internal
# ones with wsc__, see src/lib/prefix.h): an embedder linking libwsc.a into
# firmware must not meet a clash on 'authenticator' or 'build_header'.
# The shared library exports the API alone: wsc_ names, no wsc__ ones.
# usage: symbols.sh LIB [NM] [static|shared]
lib=$1
nm=${2:-nm}   # a cross build's own nm
kind=${3:-static}
if [ "$kind" = shared ]; then
	names=$("$nm" -D --defined-only "$lib" | awk 'NF == 3 { print $3 }')
	bad=$(printf '%s\n' "$names" | grep -v '^wsc_' ; printf '%s\n' "$names" | grep '^wsc__')
else
	# (sanitizer builds add their own: __odr_asan.*, __asan_*, __sancov_*)
	names=$("$nm" -g --defined-only "$lib" | awk 'NF == 3 { print $3 }')
	bad=$(printf '%s\n' "$names" | grep -v '^wsc_' |
		grep -Ev '^__(odr_asan|asan|sancov|ubsan)')
fi
bad=$(printf '%s\n' "$bad" | grep -v '^$' | sort -u)
n=$(printf '%s\n' "$names" | grep -c '^wsc_')
if [ -n "$bad" ] || [ "$n" -eq 0 ]; then
	echo "symbols: $kind $lib exports names outside the API:" $bad
	echo "symbols: 0 passed, 1 failed"
	exit 1
fi
echo "symbols: $n global names in the $kind library, all prefixed wsc_"
echo "symbols: 1 passed, 0 failed"
