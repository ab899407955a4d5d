package main

import (
	"context"
	"log/slog"

	"github.com/jackc/pgx/v5"

	"marketdesk/server/api"
	"marketdesk/server/auth"
	"marketdesk/server/catalogsrv"
	"marketdesk/server/db"
	"marketdesk/server/events"
	"marketdesk/server/notices"
	"marketdesk/server/policy"
)

// apiRoutes is the API's route table: every slice appends its routes in
// its own block. The OpenAPI document must describe all of them
// (routes_test.go runs policy.CheckOpenAPI over this table).
func apiRoutes(d *db.DB, log *slog.Logger, pub events.Publisher, signIn *auth.Service, deliveries *notices.Service) []api.Route {
	// Sign-in (server/auth): the desktops' OAuth endpoints.
	routes := signIn.Routes()

	// srvapi: who am I, the account, users and roles, pre-approvals,
	// requests, the audit log, and the OpenAPI document (server/policy).
	routes = append(routes, policy.Routes(d, pub, policy.Options{Logger: log})...)

	// Catalog sources, the merged catalog feed, the installations inventory
	// (server/catalogsrv, docs/server-catalog.md).
	routes = append(routes, catalogsrv.Routes(d, pub, catalogsrv.Options{Logger: log})...)

	// Deauthorization notices and their signing secrets, the chat webhook
	// (server/notices, docs/server-notices.md).
	routes = append(routes, deliveries.Routes()...)

	return routes
}

// noEvents stands in for server/events' Publisher until it is wired: the
// changes commit, and no desktop hears of them live.
type noEvents struct{}

func (noEvents) Publish(context.Context, pgx.Tx, events.Event) error { return nil }
