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
func apiRoutes(d *db.DB, log *slog.Logger, pub events.Publisher, signIn *auth.Service, deliveries *notices.Service, hub *events.Hub) []api.Route {
	return apiRoutesWith(d, log, pub, signIn, deliveries, hub, catalogsrv.Options{})
}

// apiRoutesWith is apiRoutes with the catalog's feed client and loopback
// switch from a test's wiring (zero: production's).
func apiRoutesWith(d *db.DB, log *slog.Logger, pub events.Publisher, signIn *auth.Service, deliveries *notices.Service, hub *events.Hub, feeds catalogsrv.Options) []api.Route {
	// Sign-in (server/auth): the desktops' OAuth endpoints.
	routes := signIn.Routes()

	// srvapi: who am I, the account, users and roles, pre-approvals,
	// requests, the audit log, and the OpenAPI document (server/policy).
	routes = append(routes, policy.Routes(d, pub, policy.Options{Logger: log, Chat: chatWebhook})...)

	// Catalog sources, the merged catalog feed, the installations inventory
	// (server/catalogsrv, docs/server-catalog.md).
	routes = append(routes, catalogsrv.Routes(d, pub, catalogsrv.Options{Logger: log, OnRemoval: removalNotice,
		Client: feeds.Client, AllowLoopbackFeeds: feeds.AllowLoopbackFeeds})...)

	// Deauthorization notices and their signing secrets, the chat webhook
	// (server/notices, docs/server-notices.md).
	routes = append(routes, deliveries.Routes()...)

	// Live updates: the Server-Sent Events stream (server/events).
	routes = append(routes, events.Routes(hub)...)

	return routes
}

// chatWebhook queues a line for the account's Slack or Teams webhook in the
// change's transaction (server/notices delivers it).
func chatWebhook(ctx context.Context, tx pgx.Tx, accountID int64, text string) error {
	return notices.EnqueueChatTx(ctx, tx, notices.ChatMessage{AccountID: accountID, Text: text})
}

// removalNotice queues the developer's deauthorization notice in the
// transaction of a removal a desktop reported (server/notices signs and
// delivers it; the signing secret never leaves the server).
func removalNotice(ctx context.Context, tx pgx.Tx, r catalogsrv.Removal) error {
	return notices.EnqueueRemovalTx(ctx, tx, notices.RemovalNotice{AccountID: r.AccountID, AppID: r.AppID, NoticeURL: r.NoticeURL,
		InstallationID: r.InstallationID, UserID: r.UserID, RemovedAt: r.RemovedAt, UserDataRetention: r.RetainData})
}
