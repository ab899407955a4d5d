package catalog

import (
	"strings"
	"testing"
)

// A feed reaches every desktop and every member: a signing secret in it is
// no secret. Marketdesk ignores deauthorization_secret — the listing is
// accepted, and the secret is neither kept in the listing cache nor shown.
func TestFeedDeauthorizationSecretIsNotStored(t *testing.T) {
	const secret = "whsec_MDEyMzQ1Njc4OWFiY2RlZg=="
	f := setup(t, feed(entry("acme-notes", "Acme Notes", func(e map[string]any) {
		e["deauthorization_url"] = "https://northwind.example/deauthorized"
		e["deauthorization_secret"] = secret
	})))
	st := f.syncer.SyncAll(f.ctx)
	if r := st.Results[0]; r.Error != "" || len(r.Skipped) > 0 {
		t.Fatalf("a feed with deauthorization_secret must still be accepted: %+v", r)
	}
	l, err := f.searcher.App(f.ctx, "acme-notes")
	if err != nil || l.DeauthorizationURL == "" {
		t.Fatalf("App = %+v, %v", l, err)
	}
	rows, err := f.db.Reader.Query("SELECT details FROM listings")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var details string
		rows.Scan(&details)
		if strings.Contains(details, "MDEyMzQ1Njc4OWFiY2RlZg") || strings.Contains(details, "deauthorizationSecret") {
			t.Fatalf("the listing cache keeps the feed's secret: %s", details)
		}
	}
}
