#!/usr/bin/env bash
# CLI start-up cost: the median wall time of `marketdesk apps search` over
# that of `marketdesk version` (which opens nothing), the two run in turn so
# that both see the same machine load. Usage: bench-cli.sh BINARY [RUNS]
set -euo pipefail
bin=$1 runs=${2:-40}
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export MARKETDESK_HOME=$home
"$bin" catalog sync --quiet >/dev/null # the embedded catalog in the cache, as after a first start
# One wall time in microseconds.
wall() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(((e - s) / 1000)); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
v=() s=()
for _ in $(seq "$runs"); do
  v+=("$(wall "$bin" version)")
  s+=("$(wall "$bin" apps search notes)")
done
mv=$(printf '%s\n' "${v[@]}" | median)
ms=$(printf '%s\n' "${s[@]}" | median)
awk -v v="$mv" -v s="$ms" 'BEGIN { printf "cli: version %.1f ms, apps search %.1f ms (medians): search/version %.2fx (aim <= 1.5x)\n", v/1000, s/1000, s/v }'
