package main

import (
	"context"
	"log/slog"
	"time"

	"marketdesk/server/db"
	"marketdesk/server/notices"
)

// startNotices migrates River's schema (under the migration lock, so
// replicas starting together wait for each other) and starts this
// replica's River client. The returned stop lets deliveries in flight
// finish for up to grace; one cut short is retried, same webhook-id.
func startNotices(ctx context.Context, database *db.DB, log *slog.Logger, grace time.Duration, o notices.Options) (svc *notices.Service, stop func(), err error) {
	if err := notices.Migrate(ctx, database.Pool, log); err != nil {
		return nil, nil, err
	}
	if svc, err = notices.New(database, withLogger(o, log)); err != nil {
		return nil, nil, err
	}
	if err := svc.Start(ctx); err != nil {
		return nil, nil, err
	}
	return svc, func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), grace)
		defer cancel()
		if err := svc.Stop(stopCtx); err != nil {
			log.Warn("notices: stopping River", "error", err)
		}
	}, nil
}

func withLogger(o notices.Options, log *slog.Logger) notices.Options {
	o.Logger = log
	return o
}
