#!/usr/bin/env bash
# `make org`: an organization on this machine, for development and demos —
# a private PostgreSQL (scripts/pg-session.sh), the development identity
# provider with the users of docs/examples/devidp.json, and the organization
# server configured by docs/examples/server-dev.json, all on loopback.
# Ctrl-C stops everything and removes the database.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${MARKETDESK_TEST_PG:-}" ]; then exec scripts/pg-session.sh "$0" "$@"; fi

bin=build/bin
mkdir -p "$bin"
CGO_ENABLED=0 go build -trimpath -o "$bin/marketdesk-server" ./cmd/marketdesk-server
CGO_ENABLED=0 go build -trimpath -o "$bin/marketdesk-devidp" ./cmd/marketdesk-devidp

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

"$bin/marketdesk-devidp" --config docs/examples/devidp.json --listen 127.0.0.1:9998 &
pids+=($!)
MARKETDESK_SERVER_DATABASE_URL=$MARKETDESK_TEST_PG "$bin/marketdesk-server" --config docs/examples/server-dev.json &
pids+=($!)

for _ in $(seq 1 100); do
  curl -fsS http://127.0.0.1:8420/readyz >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS http://127.0.0.1:8420/readyz >/dev/null || { echo "org-dev: the server did not become ready" >&2; exit 1; }

cat <<MSG

Marketdesk for an organization is running on this machine:
  server             http://127.0.0.1:8420   (API: /api/v1, its OpenAPI document: /api/v1/openapi.json)
  identity provider  http://127.0.0.1:9998   (development only: docs/devidp.md)
  PostgreSQL         a private cluster in a temporary directory, removed on exit

People (docs/examples/devidp.json; the first to sign in becomes the owner):
  ada / ada-dev-password   admin with the marketplace-manager privilege
  max / max-dev-password   member

Connect a desktop: its organization mode signs in at
  http://127.0.0.1:8420/oauth/authorize  (client marketdesk-desktop, PKCE, loopback redirect;
  docs/server-auth.md has the whole flow). The desktop's organization mode is the next step
  (issue 12); until then the API answers any OAuth 2.0 native client.
Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}"
