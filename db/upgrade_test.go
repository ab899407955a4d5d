package db_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"marketdesk/db"
)

// A database from before 0009 (sources without trust, approvals and
// installations without their binding) upgrades without locking anyone
// out: every approval is in force for its app as it is, installations know
// the server they were made with, and only the embedded catalog's
// developers stay verified.
func TestUpgradeTo0009KeepsApprovalsInForce(t *testing.T) {
	path := filepath.Join(t.TempDir(), db.FileName)
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("migrations/*.sql")
	version := 0
	for _, f := range files {
		v, _ := strconv.Atoi(strings.SplitN(filepath.Base(f), "_", 2)[0])
		if v >= 9 {
			continue
		}
		body, _ := os.ReadFile(f)
		if _, err := raw.Exec(string(body)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		version = v
	}
	details := func(oauth string) string {
		return fmt.Sprintf(`{"scopes":[{"name":"notes:write"},{"name":"notes:read"}],"oauth":%s}`, oauth)
	}
	for _, stmt := range []string{
		fmt.Sprintf("PRAGMA user_version = %d", version),
		`INSERT INTO catalog_sources (id, kind, location, created_at, etag) VALUES (1, 'embedded', 'embedded:default', 'x', ''), (2, 'url', 'https://feed.example/f.json', 'x', 'W/"1"')`,
		`INSERT INTO users (id, name, email, role, created_at) VALUES (1, 'Olive', 'olive@acme.example', 'owner', 'x')`,
		`INSERT INTO listings (id, source_id, content_hash, name, name_key, developer_name, developer_website, developer_verified,
		   summary, description, icon_url, categories, type, details, installs, rating, rating_count, version, published_at, updated_at)
		 VALUES ('sandboxed', 1, 'h', 'S', 's', 'Dev', 'https://d.example', 1, '', '', '', '[]', 'user', '` +
			details(`{"clientId":"sandboxed","redirectPath":"/callback","sandbox":true}`) + `', 0, 0, 0, '1', 'x', 'x'),
		        ('ledger', 2, 'h', 'L', 'l', 'Claims Verified', 'https://d.example', 1, '', '', '', '[]', 'user', '` +
			details(`{"clientId":"ledger-client","issuer":"https://auth.example","redirectPath":"/cb","sandbox":false}`) + `', 0, 0, 0, '1', 'x', 'x')`,
		`INSERT INTO approvals (listing_id, scope, approved_by, updated_at) VALUES ('sandboxed', 'account', 1, 'x'), ('ledger', 'account', 1, 'x'), ('gone', 'account', 1, 'x')`,
		`INSERT INTO installations (listing_id, level, user_id, installed_by_name, status, requested_scopes, created_at, updated_at)
		 VALUES ('ledger', 'user', 1, 'Olive', 'active', '[]', 'x', 'x')`,
	} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	raw.Close()

	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	query := func(q string) string {
		var s string
		if err := d.Reader.QueryRow(q).Scan(&s); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return s
	}
	if got := query("SELECT group_concat(listing_id, ',') FROM (SELECT listing_id FROM approvals_in_force ORDER BY 1)"); got != "ledger,sandboxed" {
		t.Fatalf("approvals in force after the upgrade: %q", got)
	}
	if got := query("SELECT group_concat(id || '=' || developer_verified, ',') FROM (SELECT * FROM listings ORDER BY id)"); got != "ledger=0,sandboxed=1" {
		t.Fatalf("verified after the upgrade: %q (the feed's own claim must not survive)", got)
	}
	if got := query("SELECT issuer || ' ' || client_id || ' ' || redirect_path || ' ' || sandbox || ' ' || source FROM installations"); got != "https://auth.example ledger-client /cb 0 https://feed.example/f.json" {
		t.Fatalf("installation binding after the upgrade: %q", got)
	}
	if got := query("SELECT auth_scopes FROM listing_authorization WHERE listing_id = 'ledger'"); got != `["notes:read","notes:write"]` {
		t.Fatalf("scopes fingerprint: %q", got)
	}
	if got := query("SELECT etag || content_hash FROM catalog_sources JOIN listings ON listings.source_id = catalog_sources.id WHERE catalog_sources.id = 2"); got != "" {
		t.Fatalf("the next sync must rewrite every listing: %q", got)
	}
}
