package db

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A database written before 0010 holds feeds' deauthorization secrets in the
// listing cache and in the outbox. After the upgrade neither is anywhere in
// the file: the notice waits for a manager's secret instead.
func TestUpgradeForgetsFeedSigningSecrets(t *testing.T) {
	const secret = "whsec_MDEyMzQ1Njc4OWFiY2RlZg=="
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	old, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	old.SetMaxOpenConns(1)
	for _, m := range migrations() {
		if m.version <= 7 {
			if _, err := old.Exec(m.sql); err != nil {
				t.Fatalf("%s: %v", m.name, err)
			}
		}
	}
	for _, q := range []string{
		"PRAGMA user_version = 7",
		"INSERT INTO catalog_sources (id, kind, location, created_at) VALUES (1, 'embedded', 'embedded', 'x')",
		`INSERT INTO listings (id, source_id, content_hash, name, name_key, developer_name, developer_website, developer_verified,
		  summary, description, icon_url, categories, type, details, installs, rating, rating_count, version, published_at, updated_at)
		 VALUES ('board', 1, 'h', 'Board', 'board', 'Dev', '', 0, 's', 'd', '', '[]', 'user',
		  '{"deauthorizationUrl":"https://dev.example/d","deauthorizationSecret":"` + secret + `"}', 0, 0, 0, '1', '', '')`,
		`INSERT INTO outbox (id, kind, installation_id, listing_id, url, body, signing_secret, status, next_attempt_at, created_at)
		 VALUES ('msg_1', 'deauthorization', 1, 'board', 'https://dev.example/d', '{}', '` + secret + `', 'pending', 'x', 'x')`,
		"PRAGMA wal_checkpoint(TRUNCATE)",
	} {
		if _, err := old.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	old.Close()

	d, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var details, waiting string
	d.Reader.QueryRow("SELECT details FROM listings WHERE id = 'board'").Scan(&details)
	if strings.Contains(details, "whsec_") || !strings.Contains(details, "deauthorizationUrl") {
		t.Fatalf("details after the upgrade: %s", details)
	}
	if err := d.Reader.QueryRow("SELECT waiting_for FROM outbox WHERE id = 'msg_1'").Scan(&waiting); err != nil {
		t.Fatalf("the pending notice must survive the upgrade: %v", err)
	}
	d.Writer.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	d.Close()
	files, _ := filepath.Glob(path + "*")
	for _, p := range files {
		data, _ := os.ReadFile(p)
		if strings.Contains(string(data), "MDEyMzQ1Njc4OWFiY2RlZg") {
			t.Fatalf("%s still holds the feed's secret", filepath.Base(p))
		}
	}
}
