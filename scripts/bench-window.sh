#!/usr/bin/env bash
# Window start-up: the production Marketdesk window against an empty Wails v2
# app built with the same tags and flags (bench/emptywails), on a private Xvfb
# screen, measured from outside the processes by bench/windowwatch (Xlib
# grabs of the window): time to the first frame with the content, idle PSS and
# CPU 10 s after it. Prints medians of warm starts in turn and the ratios.
# Usage: bench-window.sh BINARY [WARM_RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "$1") runs=${2:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/windowwatch" ./bench/windowwatch
# The Makefile's production flags (its $(BIN) rule), without the version stamps.
go build -tags desktop,production,webkit2_41 -trimpath -ldflags "-w -s" -o "$tmp/emptywails" ./bench/emptywails
MARKETDESK_BINARY=$bin scripts/keychain-session.sh node frontend/e2e/window-bench.mjs "$tmp/windowwatch" "$tmp/emptywails" "$runs"
