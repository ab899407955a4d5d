package catalog

import (
	"context"
	"database/sql"
)

// indexNewListingsSQL adds the listings a sync inserted to the search index.
// Written by hand: sqlc cannot name the rowid of an FTS5 table.
const indexNewListingsSQL = `INSERT INTO listings_fts (rowid, name, developer_name, summary, description, categories)
SELECT rowid, name, developer_name, summary, description, categories FROM listings WHERE rowid > ?`

// indexNewListings indexes every listing with a rowid above maxBefore, in one
// statement, inside the sync's transaction.
func indexNewListings(ctx context.Context, tx *sql.Tx, maxBefore int64) error {
	_, err := tx.ExecContext(ctx, indexNewListingsSQL, maxBefore)
	return err
}
