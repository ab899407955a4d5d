package catalog

import (
	"context"
	"database/sql"
	"sync"
)

// preparedReader is the read pool with each statement prepared once and
// kept: a search runs the same dozen statements with other arguments, and
// parsing them again was ~9 % of a search's CPU at 100k listings
// (docs/performance.md). database/sql prepares a kept statement once per
// connection of the pool that runs it. Only the constant SQL of this
// package and of the store goes through it, so the cache stays small.
type preparedReader struct {
	db    *sql.DB
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

func newPreparedReader(db *sql.DB) *preparedReader {
	return &preparedReader{db: db, stmts: map[string]*sql.Stmt{}}
}

func (p *preparedReader) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if st, ok := p.stmts[query]; ok {
		return st, nil
	}
	st, err := p.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	p.stmts[query] = st
	return st, nil
}

func (p *preparedReader) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := p.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (p *preparedReader) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := p.stmt(ctx, query)
	if err != nil {
		return p.db.QueryRowContext(ctx, query, args...) // returns the same error in its Row
	}
	return st.QueryRowContext(ctx, args...)
}

func (p *preparedReader) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return p.db.ExecContext(ctx, query, args...)
}

func (p *preparedReader) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return p.db.PrepareContext(ctx, query)
}
