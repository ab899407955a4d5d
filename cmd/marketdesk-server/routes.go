package main

import (
	"context"
	"log/slog"

	"github.com/jackc/pgx/v5"

	"marketdesk/server/api"
	"marketdesk/server/db"
	"marketdesk/server/events"
	"marketdesk/server/policy"
)

// apiRoutes is the API's route table: every slice appends its routes in
// its own block. The OpenAPI document must describe all of them
// (routes_test.go runs policy.CheckOpenAPI over this table).
func apiRoutes(d *db.DB, log *slog.Logger) []api.Route {
	var routes []api.Route

	// srvapi: who am I, the account, users and roles, pre-approvals,
	// requests, the audit log, and the OpenAPI document (server/policy).
	// Merge: pass server/events' Publisher instead of noEvents.
	routes = append(routes, policy.Routes(d, noEvents{}, policy.Options{Logger: log})...)

	return routes
}

// noEvents stands in for server/events' Publisher until it is wired: the
// changes commit, and no desktop hears of them live.
type noEvents struct{}

func (noEvents) Publish(context.Context, pgx.Tx, events.Event) error { return nil }
