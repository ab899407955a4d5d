package catalog

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"marketdesk/app/account"
	"marketdesk/db"
	"marketdesk/db/testdb"
)

// entry returns a valid feed listing; change returns a modified copy.
func entry(id, name string, change ...func(map[string]any)) map[string]any {
	e := map[string]any{
		"id":           id,
		"name":         name,
		"developer":    map[string]any{"name": "Northwind Labs", "website": "https://northwind.example", "verified": true},
		"summary":      name + " keeps your team in step.",
		"description":  "## " + name + "\n\nA **fine** app for meetings.",
		"icon":         "icons/" + id + ".svg",
		"categories":   []string{"Productivity"},
		"type":         "user",
		"scopes":       []map[string]any{{"name": "meeting:read", "description": "See your meetings", "sensitive": false}},
		"oauth":        map[string]any{"sandbox": true, "client_id": id},
		"links":        map[string]any{"privacy_policy": "https://northwind.example/privacy", "terms": "https://northwind.example/terms"},
		"stats":        map[string]any{"installs": 100, "rating": 4.2, "rating_count": 10},
		"version":      "1.0.0",
		"published_at": "2025-01-01T00:00:00Z",
		"updated_at":   "2026-10-01T00:00:00Z",
	}
	for _, c := range change {
		c(e)
	}
	return e
}

// feed renders a feed document with schema_version first.
func feed(entries ...map[string]any) []byte {
	if entries == nil {
		entries = []map[string]any{}
	}
	list, _ := json.Marshal(entries)
	return []byte(`{"schema_version": 1, "name": "Test feed", "listings": ` + string(list) + `}`)
}

type fixture struct {
	db       *db.DB
	syncer   *Syncer
	searcher *Searcher
	ctx      context.Context
	dir      string
	events   []any
	// owner manages the marketplace; admin is an admin without the
	// privilege; member is a plain member.
	owner, admin, member account.User
}

// setup returns a syncer and searcher over a fresh database whose embedded
// catalog is the given feed.
func setup(t *testing.T, embedded []byte) *fixture {
	t.Helper()
	f := &fixture{db: testdb.New(t), ctx: context.Background(), dir: t.TempDir()}
	fsys := fstest.MapFS{"catalog.json": {Data: embedded}, "icons/a.svg": {Data: []byte("<svg xmlns='http://www.w3.org/2000/svg'/>")}}
	clock := func() time.Time { return time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC) }
	f.syncer = NewSyncer(f.db, fsys, nil, clock, func(_ string, data any) { f.events = append(f.events, data) })
	f.searcher = NewSearcher(f.db)
	if err := f.syncer.EnsureEmbeddedSource(f.ctx); err != nil {
		t.Fatal(err)
	}
	accounts := account.New(f.db, clock)
	var err error
	if f.owner, err = accounts.Init(f.ctx, "Acme", account.Profile{Name: "Olive Owner", Email: "olive@acme.example"}); err != nil {
		t.Fatal(err)
	}
	add := func(name, role string) account.User {
		u, err := accounts.AddUser(f.ctx, f.owner, account.NewUser{Profile: account.Profile{Name: name, Email: name + "@acme.example"}, Role: role})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	f.admin, f.member = add("adam", account.RoleAdmin), add("mel", account.RoleMember)
	return f
}

// writeFeed writes a feed file into the fixture's folder.
func (f *fixture) writeFeed(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(f.dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func (f *fixture) count(t *testing.T) int64 {
	t.Helper()
	var n int64
	if err := f.db.Reader.QueryRow("SELECT count(*) FROM listings").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (f *fixture) search(t *testing.T, q Query) Results {
	t.Helper()
	res, err := f.searcher.Search(f.ctx, q, 0)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return res
}

func ids(cards []Card) []string {
	out := make([]string, len(cards))
	for i, c := range cards {
		out[i] = c.ID
	}
	return out
}
