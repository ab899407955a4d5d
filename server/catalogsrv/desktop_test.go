package catalogsrv_test

import (
	"context"
	"net/http"
	"testing"
	"testing/fstest"
	"time"

	"marketdesk/app/account"
	"marketdesk/app/catalog"
	"marketdesk/db/testdb"
)

// desktop is a real desktop catalog (app/catalog on its SQLite file), to
// check the server against what a desktop does with the same feed.
type desktop struct {
	syncer *catalog.Syncer
	owner  account.User
}

func newDesktop(t *testing.T, client *http.Client) *desktop {
	t.Helper()
	d := testdb.New(t)
	clock := func() time.Time { return time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC) }
	embedded := fstest.MapFS{"catalog.json": {Data: []byte(`{"schema_version": 1, "listings": []}`)}}
	owner, err := account.New(d, clock).Init(context.Background(), "Desk", account.Profile{Name: "Dee Desk", Email: "dee@example.test"})
	if err != nil {
		t.Fatal(err)
	}
	return &desktop{syncer: catalog.NewSyncer(d, embedded, client, clock, func(string, any) {}), owner: owner}
}

// add adds the feed at url as the desktop's owner would.
func (d *desktop) add(t *testing.T, url string) catalog.SourceResult {
	t.Helper()
	result, err := d.syncer.AddSource(context.Background(), d.owner, url)
	if err != nil {
		t.Fatalf("the desktop could not add %s: %v", url, err)
	}
	return result
}
