#!/usr/bin/env bash
# Every check of `make test`, in order, stopping at the first failure.
# Each step prints a header; the Go summary lines and the E2E summary are kept.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS="go tool -modfile=tools/go.mod"
TAGS=webkit2_41

step() { printf '\n==> %s\n' "$*"; }

step "frontend: typecheck, unit tests (Vitest), production build"
(cd frontend && npm run --silent typecheck && npx vitest run && npm run --silent build)

step "sqlc: generated code is current (sqlc diff) and queries pass sqlc vet"
$TOOLS sqlc diff || { echo "sqlc output is stale: run 'make generate' and commit db/store." >&2; exit 1; }
$TOOLS sqlc vet

step "wails: generated bindings in frontend/wailsjs are current"
# wails runs the app to read its bindings: a throwaway data directory, never the user's.
bindings_home=$(mktemp -d)
if ! MARKETDESK_HOME=$bindings_home $TOOLS wails generate module -tags $TAGS >build/wails-generate.log 2>&1; then
  tail -20 build/wails-generate.log >&2
  echo "wails generate module failed (full output in build/wails-generate.log)" >&2
  exit 1
fi
rm -rf "$bindings_home"
if ! git diff --quiet -- frontend/wailsjs || [ -n "$(git ls-files --others --exclude-standard frontend/wailsjs)" ]; then
  git status --short frontend/wailsjs
  echo "frontend/wailsjs is stale: run 'make generate' and commit it." >&2
  exit 1
fi

step "go vet"
gofmt_out=$(gofmt -l $(git ls-files '*.go'))
[ -z "$gofmt_out" ] || { echo "not gofmt'ed: $gofmt_out" >&2; exit 1; }
go vet -tags $TAGS ./...

step "organization server: builds with CGO_ENABLED=0 and links no Wails/WebKit/GTK"
CGO_ENABLED=0 go build -o /dev/null ./cmd/marketdesk-server
desktop_deps=$(go list -deps ./cmd/marketdesk-server | grep -iE 'wails|webkit|gtk' || true)
[ -z "$desktop_deps" ] || { echo "marketdesk-server links desktop packages: $desktop_deps" >&2; exit 1; }

step "other platforms: the Windows build compiles and vets (WebView2, no cgo); macOS vets what needs no cgo"
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go vet ./...
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build -tags desktop,production -ldflags "-H windowsgui" -o /dev/null .
GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 go vet ./...

step "go test (real SQLite files, real Secret Service in a private D-Bus session, a private PostgreSQL 15)"
scripts/keychain-session.sh scripts/pg-session.sh go test -tags $TAGS -count=1 ./... 2>&1 | tee build/go-test.log
[ "${PIPESTATUS[0]}" -eq 0 ]

step "production and dev builds; the Debian packages (make package: validated desktop entry and metainfo)"
make --no-print-directory build/bin/marketdesk build/dev/marketdesk-dev package

step "browser E2E (Playwright + Chromium) and desktop smoke (Xvfb)"
scripts/keychain-session.sh node --test --test-concurrency=1 frontend/e2e/

step "summary"
grep -E '^(ok|FAIL|---)' build/go-test.log | grep -v '^---' || true
echo "make test: all checks passed"
