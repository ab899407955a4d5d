#!/usr/bin/env bash
# Runs `go test -bench` over the packages that have benchmarks, then the CLI
# and window start-up benchmarks, and prints the ratios of the performance aims
# (docs/performance.md) from that one run. Figures go to docs/performance.md by hand.
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
out=$(mktemp)
trap 'rm -rf "$relevance" "$out"' EXIT
if scripts/appstream-feed.py "$relevance/appstream.json"; then
  export MARKETDESK_RELEVANCE_FEED=$relevance/appstream.json
fi
# Each benchmark repeats internally and reports its own metrics (ms, ratios, MiB).
# The server's benchmarks (server/events, server/scale) need the private
# PostgreSQL of scripts/pg-session.sh; the others ignore it.
scripts/keychain-session.sh scripts/pg-session.sh go test -tags webkit2_41 -run '^$' -bench . -benchtime=1x -timeout 60m $pkgs | tee "$out"

# metric BENCH UNIT: the value reported with UNIT on the line of BENCH.
metric() { awk -v b="$1" -v u="$2" '{ n = $1; sub(/-[0-9]+$/, "", n) } n == b { for (i = 2; i < NF; i++) if ($(i+1) == u) print $i }' "$out"; }
echo
echo "== performance ratios (aims in docs/performance.md) =="
for n in 1000 10000 100000; do
  b="BenchmarkSync/listings=$n"
  printf 'sync %6d listings: time %s x plain Go (aim <= 1.3; %s x insert-only), peak memory %s x plain Go (aim <= 1.3; %s x insert-only), touched re-sync %s %% of the sync (aim <= 5)\n' \
    "$n" "$(metric "$b" sync/plain-go)" "$(metric "$b" sync/baseline)" "$(metric "$b" rss/plain-go)" "$(metric "$b" rss/baseline)" "$(metric "$b" touched/sync-%)"
done
mrr=$(metric BenchmarkRelevance MRR@10)
if [ -n "$mrr" ]; then
  printf 'relevance (%s judged queries, Debian AppStream): MRR@10 %s vs plain bm25 %s (aim >= 0.9 and ahead), success@3 %s vs %s\n' \
    "$(metric BenchmarkRelevance queries)" "$mrr" "$(metric BenchmarkRelevance baseline-MRR@10)" \
    "$(metric BenchmarkRelevance success@3)" "$(metric BenchmarkRelevance baseline-success@3)"
else
  echo "relevance: not run (no AppStream metadata: apt-get install appstream && apt-get update)"
fi
for c in one-word prefix three-words one-word+category prefix+category three-words+category; do
  p95=$(metric "BenchmarkSearch100k/$c" p95-ms)
  [ -z "$p95" ] || printf 'search p95 at 100k, %s: %s ms (aim <= 5)\n' "$c" "$p95"
done
make -s build/bin/marketdesk >/dev/null
scripts/bench-cli.sh build/bin/marketdesk
# The window against an empty Wails v2 app built the same way (about 4 minutes).
scripts/bench-window.sh build/bin/marketdesk "${MARKETDESK_BENCH_WINDOW_RUNS:-5}"
