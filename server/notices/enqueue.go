package notices

import (
	"context"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
)

// inserter inserts jobs in a caller's transaction. It needs no pool (River
// allows a nil one for InsertTx), so routes can enqueue without holding the
// Service; the replica's Service works the jobs.
var inserter = sync.OnceValues(func() (*river.Client[pgx.Tx], error) {
	return river.NewClient(riverpgxv5.New(nil), &river.Config{})
})

func insertTx(ctx context.Context, tx pgx.Tx, args river.JobArgs) error {
	c, err := inserter()
	if err != nil {
		return fmt.Errorf("notices: set up River: %w", err)
	}
	if _, err := c.InsertTx(ctx, tx, args, nil); err != nil {
		return fmt.Errorf("notices: enqueue %s: %w", args.Kind(), err)
	}
	return nil
}
