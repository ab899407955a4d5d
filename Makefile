# Marketdesk. `make run` starts the app; `make test` runs every check.
# Both install what is missing first (scripts/deps.sh).
SHELL := /bin/bash
.DEFAULT_GOAL := help

GO_TAGS   := webkit2_41
VERSION   := $(shell scripts/version.sh)
COMMIT    := $(shell scripts/version.sh commit)
LDFLAGS   := -X marketdesk/app/system.Version=$(VERSION) -X marketdesk/app/system.Commit=$(COMMIT)
TOOLS     := go tool -modfile=tools/go.mod
BIN       := build/bin/marketdesk
DEV_BIN   := build/dev/marketdesk-dev
GO_SRC    := $(shell find . -name '*.go' -not -path './frontend/*' -not -path './tools/*') go.mod go.sum $(wildcard db/migrations/*.sql)
FRONT_SRC := $(shell find frontend/src frontend/wailsjs -type f 2>/dev/null) frontend/index.html frontend/vite.config.ts frontend/tsconfig.json

.PHONY: help run build dev test org bench generate deps deps-test deps-bench deps-package frontend e2e screenshots clean server package man

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12

run: build ## build and start the desktop app on the embedded default catalog
	./$(BIN)

build: $(BIN) ## production binary in build/bin

dev: deps frontend/node_modules/.stamp ## live-reload development (wails dev)
	$(TOOLS) wails dev -tags $(GO_TAGS)

test: deps-test frontend/node_modules/.stamp ## every check: vet, Go tests, sqlc, frontend, build, E2E, desktop smoke
	scripts/test.sh

bench: deps-bench ## benchmarks of the packages that have them
	scripts/bench.sh

generate: deps frontend/node_modules/.stamp ## regenerate sqlc code and the Wails bindings
	$(TOOLS) sqlc generate
	# wails runs the app to read its bindings: give it a throwaway data directory, never the user's
	MARKETDESK_HOME=$$(mktemp -d) $(TOOLS) wails generate module -tags $(GO_TAGS)

e2e: $(DEV_BIN) $(BIN) ## browser E2E suite and desktop smoke test (inside a private keychain session)
	scripts/keychain-session.sh node --test --test-concurrency=1 frontend/e2e/

screenshots: $(BIN) ## Discover, an app, Installed, Admin from the real window: 800×600 and 1280×800, light and dark
	scripts/keychain-session.sh node frontend/e2e/screenshots.mjs $(CURDIR)/docs/screenshots

man: build/man/marketdesk.1 ## the manual page, generated from the CLI's command definitions

build/man/marketdesk.1: $(BIN)
	mkdir -p build/man
	./$(BIN) man > $@

package: deps-package $(BIN) server ## Debian packages of the desktop app and the server in build/pkg (validated)
	scripts/package.sh

server: ## the organization server, build/bin/marketdesk-server (no cgo, no WebKit; docs/server.md)
	CGO_ENABLED=0 go build -trimpath -ldflags "-w -s -X main.version=$(VERSION) -X main.commit=$(COMMIT)" -o build/bin/marketdesk-server ./cmd/marketdesk-server

org: ## an organization on this machine: private PostgreSQL, the dev identity provider, the server (Ctrl-C stops)
	@scripts/deps.sh server
	scripts/org-dev.sh

deps:
	@scripts/deps.sh run

deps-test:
	@scripts/deps.sh test

deps-bench:
	@scripts/deps.sh bench

deps-package:
	@scripts/deps.sh package

frontend/node_modules/.stamp: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

frontend/dist/index.html: frontend/node_modules/.stamp $(FRONT_SRC)
	cd frontend && npm run build

$(BIN): frontend/dist/index.html $(GO_SRC) | deps
	go build -tags desktop,production,$(GO_TAGS) -trimpath -ldflags "-w -s $(LDFLAGS)" -o $@ .

$(DEV_BIN): frontend/dist/index.html $(GO_SRC) | deps
	go build -tags dev,$(GO_TAGS) -ldflags "$(LDFLAGS)" -o $@ .

clean: ## remove build output
	rm -rf build/bin build/dev frontend/dist frontend/e2e/artifacts
