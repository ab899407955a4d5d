#!/usr/bin/env bash
# make package: the Debian packages of the desktop app and of the
# organization server, into build/pkg/, from the binaries of make build and
# make server (the Makefile builds them first). Validates the desktop entry
# and the AppStream metainfo before packing.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS="go tool -modfile=tools/go.mod"
export VERSION=${VERSION:-$(scripts/version.sh)}
export ARCH=${ARCH:-$(go env GOARCH)}
app_id=io.github.marketdesk.Marketdesk

desktop-file-validate "packaging/desktop/$app_id.desktop"
appstreamcli validate --no-net "packaging/desktop/$app_id.metainfo.xml"

# The man page and the shell completions, from the binary's own command definitions.
mkdir -p build/man build/completions
build/bin/marketdesk man | gzip -9n > build/man/marketdesk.1.gz
build/bin/marketdesk completion bash > build/completions/marketdesk
build/bin/marketdesk completion zsh > build/completions/_marketdesk
build/bin/marketdesk completion fish > build/completions/marketdesk.fish

mkdir -p build/pkg
rm -f build/pkg/*.deb
for pkg in marketdesk marketdesk-server; do
  $TOOLS nfpm package --config "packaging/$pkg.yaml" --packager deb --target build/pkg/ >/dev/null
done
ls build/pkg/*.deb
