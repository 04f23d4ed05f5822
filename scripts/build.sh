#!/usr/bin/env bash
# Configure and build into build/ (or $1 with extra cmake args after it).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
shift || true
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	"$@" >/dev/null
cmake --build "$dir" -j"$(nproc)" >/dev/null
