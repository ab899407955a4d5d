#!/usr/bin/env bash
# Runs `go test -bench` over the packages that have benchmarks (none fail if
# there are none yet). Figures go to docs/performance.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
pkgs=$(grep -l --include='*_test.go' -r '^func Benchmark' . | xargs -r -n1 dirname | sort -u)
if [ -z "$pkgs" ]; then
  echo "bench: no benchmarks yet"
  exit 0
fi
# The relevance benchmark (app/catalog/relevance_test.go) runs over Debian's
# AppStream catalog, turned into a feed here; without that metadata it says
# what to install and is skipped, the others still run.
relevance=$(mktemp -d)
trap 'rm -rf "$relevance"' EXIT
if scripts/appstream-feed.py "$relevance/appstream.json"; then
  export MARKETDESK_RELEVANCE_FEED=$relevance/appstream.json
fi
# Each benchmark repeats internally and reports its own metrics (ms, ratios, MiB).
# The server's benchmarks (server/events, server/scale) need the private
# PostgreSQL of scripts/pg-session.sh; the others ignore it.
scripts/keychain-session.sh scripts/pg-session.sh go test -tags webkit2_41 -run '^$' -bench . -benchtime=1x -timeout 60m $pkgs
