package orgmode_test

import (
	"context"

	"github.com/jackc/pgx/v5"

	"marketdesk/server/catalogsrv"
	"marketdesk/server/notices"
)

// removalRecorder is the server's OnRemoval hook as marketdesk-server
// wires it (server/notices queues the signed deauthorization notice as a
// River job in the removal's transaction), handing each removal to record
// as well.
func removalRecorder(record func(context.Context, catalogsrv.Removal)) func(context.Context, pgx.Tx, catalogsrv.Removal) error {
	return func(ctx context.Context, tx pgx.Tx, r catalogsrv.Removal) error {
		if record != nil {
			record(ctx, r)
		}
		return notices.EnqueueRemovalTx(ctx, tx, notices.RemovalNotice{AccountID: r.AccountID, AppID: r.AppID, NoticeURL: r.NoticeURL,
			InstallationID: r.InstallationID, UserID: r.UserID, RemovedAt: r.RemovedAt, UserDataRetention: r.RetainData})
	}
}
