#!/usr/bin/env bash
# Prints the version the builds stamp and the packages carry, from the
# release tag: "0.2.0" on the commit tagged v0.2.0, "0.2.0+3" three commits
# after it (a Debian version that sorts above the release). Without a tag
# (a shallow clone, an export) the newest release of CHANGELOG.md with
# "+dev". `scripts/version.sh commit` prints the short commit instead.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = commit ]; then
  git rev-parse --short=10 HEAD 2>/dev/null || echo unknown
  exit 0
fi
if described=$(git describe --tags --match 'v[0-9]*.[0-9]*.[0-9]*' 2>/dev/null); then
  # v0.2.0 or v0.2.0-3-gabcdef
  if [[ $described =~ ^v([0-9]+\.[0-9]+\.[0-9]+)-([0-9]+)-g[0-9a-f]+$ ]]; then
    echo "${BASH_REMATCH[1]}+${BASH_REMATCH[2]}"
    exit 0
  elif [[ $described =~ ^v([0-9]+\.[0-9]+\.[0-9]+)$ ]]; then
    echo "${BASH_REMATCH[1]}"
    exit 0
  fi
fi
release=$(sed -nE 's/^## \[?v?([0-9]+\.[0-9]+\.[0-9]+)\]?.*/\1/p' CHANGELOG.md | head -1)
echo "${release:-0.0.0}+dev"
