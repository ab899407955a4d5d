package db

import (
	"context"
	"database/sql"
	"fmt"
)

// QuickCheck runs SQLite's quick_check (page structure, indexes' order,
// constraints; not the index contents) and returns up to limit problems, or
// none when the database is sound. An error that stops the check (a
// malformed header, say) is one of the problems.
func QuickCheck(ctx context.Context, conn *sql.DB, limit int) []string {
	rows, err := conn.QueryContext(ctx, fmt.Sprintf("PRAGMA quick_check(%d)", limit))
	if err != nil {
		return []string{err.Error()}
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return []string{err.Error()}
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		problems = append(problems, err.Error())
	}
	return problems
}

// CheckFile runs QuickCheck on the file at path, opened read-only.
func CheckFile(ctx context.Context, path string, limit int) []string {
	pool, err := readPool(ctx, path)
	if err != nil {
		return []string{err.Error()}
	}
	defer pool.Close()
	return QuickCheck(ctx, pool, limit)
}
