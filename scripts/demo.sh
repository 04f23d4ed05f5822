#!/usr/bin/env bash
# The main job: build wsc and run `wsc demo`, the router manual's example
# network, simulated in one process (no root, no radio needed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh build
bash scripts/build.sh
exec ./build/wsc demo "$@"
