package catalog

import (
	"strings"
	"testing"
)

func searchFixture(t *testing.T) *fixture {
	f := setup(t, feed(
		entry("tide-notes", "Tidepool Notes", func(e map[string]any) {
			e["stats"] = map[string]any{"installs": 500, "rating": 4.8, "rating_count": 90}
			e["categories"] = []string{"Productivity", "Collaboration"}
		}),
		entry("ledger", "Ledgerline", func(e map[string]any) {
			e["summary"] = "Expense reports with notes attached."
			e["categories"] = []string{"Finance & Accounting"}
			e["type"] = "account"
			e["stats"] = map[string]any{"installs": 9000, "rating": 3.9, "rating_count": 700}
			e["updated_at"] = "2026-11-20T00:00:00Z"
		}),
		entry("quorum", "Quorum Polls", func(e map[string]any) {
			e["developer"] = map[string]any{"name": "Notewise GmbH", "website": "https://notewise.example", "verified": false}
			e["categories"] = []string{"Communication"}
		}),
		entry("beacon", "Beacon Rooms", func(e map[string]any) {
			e["description"] = "Book rooms. Café-friendly: naïve résumé test."
			e["categories"] = []string{"Scheduling"}
		}),
	))
	f.syncer.SyncAll(f.ctx)
	return f
}

func TestSearchRanksNameMatchesFirst(t *testing.T) {
	f := searchFixture(t)
	got := ids(f.search(t, Query{Text: "note"}).Items)
	// Every listing mentions "notes" somewhere; the one named so comes first.
	if len(got) < 3 || got[0] != "tide-notes" {
		t.Fatalf("search note = %v, want tide-notes first", got)
	}
}

func TestSearchIsPrefixAndDiacriticInsensitive(t *testing.T) {
	f := searchFixture(t)
	for q, want := range map[string]string{"ledg": "ledger", "tidep not": "tide-notes", "cafe resume": "beacon", "QUORUM": "quorum"} {
		got := ids(f.search(t, Query{Text: q}).Items)
		if len(got) == 0 || got[0] != want {
			t.Errorf("search %q = %v, want %s first", q, got, want)
		}
	}
}

func TestHostileSearchTextNeverErrors(t *testing.T) {
	f := searchFixture(t)
	for _, q := range []string{`"`, `*`, `AND`, `NEAR(`, `-`, `😀`, `notes"`, `"notes AND`, `OR NOT`, `col:notes`, `{name}: x`, `^`, `a*b`, `)(`, strings.Repeat("x ", 400)} {
		if _, err := f.searcher.Search(f.ctx, Query{Text: q}, 0); err != nil {
			t.Errorf("Search(%q) = %v", q, err)
		}
	}
	if got := f.search(t, Query{Text: "AND"}).Items; len(got) != 0 {
		t.Errorf("AND is a word, and no listing has it: got %v", ids(got))
	}
}

func TestFiltersAndSorts(t *testing.T) {
	f := searchFixture(t)
	if got := ids(f.search(t, Query{Category: "Finance & Accounting"}).Items); strings.Join(got, ",") != "ledger" {
		t.Errorf("category filter = %v", got)
	}
	if got := ids(f.search(t, Query{Type: TypeAccount}).Items); strings.Join(got, ",") != "ledger" {
		t.Errorf("type filter = %v", got)
	}
	if got := ids(f.search(t, Query{Text: "notes", Category: "Collaboration"}).Items); strings.Join(got, ",") != "tide-notes" {
		t.Errorf("text + category = %v", got)
	}
	sorts := map[string]string{
		SortPopularity: "ledger,tide-notes",
		SortRating:     "tide-notes,ledger", // 3.9 from 700 ratings above 4.2 from 10 (Bayesian average)
		SortName:       "beacon,ledger",
		SortNewest:     "ledger,",
	}
	for sort, prefix := range sorts {
		got := strings.Join(ids(f.search(t, Query{Sort: sort}).Items), ",")
		if !strings.HasPrefix(got, prefix) {
			t.Errorf("sort %s = %s, want it to start with %s", sort, got, prefix)
		}
	}
	res := f.search(t, Query{Limit: 2, Offset: 1, Sort: SortName})
	if res.Total != 4 || strings.Join(ids(res.Items), ",") != "ledger,quorum" {
		t.Errorf("paging = %v total %d", ids(res.Items), res.Total)
	}
}

func TestPreApprovedAndInstalledFilters(t *testing.T) {
	f := searchFixture(t)
	if res := f.search(t, Query{PreApprovedOnly: true}); len(res.Items) != 0 {
		t.Errorf("nobody signed in: nothing is pre-approved for them, got %v", ids(res.Items))
	}
	if res := f.search(t, Query{InstalledOnly: true}); len(res.Items) != 0 {
		t.Errorf("nothing is installed yet, got %v", ids(res.Items))
	}
}

func TestHomeAndDetail(t *testing.T) {
	f := searchFixture(t)
	home, err := f.searcher.Home(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if home.Total != 4 || len(home.Categories) != 5 || home.Popular[0].ID != "ledger" || home.RecentlyUpdated[0].ID != "ledger" {
		t.Fatalf("home = %+v", home)
	}
	l, err := f.searcher.Listing(f.ctx, "tide-notes")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(l.DescriptionHTML, "<strong>fine</strong>") || l.IconURL != "/catalog-assets/icon/tide-notes" ||
		len(l.Scopes) != 1 || l.OAuth.RedirectPath != "/callback" || l.SourceName != "Test feed" || l.Configuration.Kind != "none" {
		t.Fatalf("listing = %+v", l)
	}
}

func TestMatchQuery(t *testing.T) {
	for in, want := range map[string][2]string{
		"notes":         {`"notes"*`, `"notes"*`},
		`Tide "pool"`:   {`"Tide" "pool"*`, `"Tide"* "pool"*`},
		"NEAR(a b)":     {`"NEAR" "a" "b"*`, `"NEAR"* "a"* "b"*`},
		"-*\"":          {``, ``},
		"naïve café 42": {`"naïve" "café" "42"*`, `"naïve"* "café"* "42"*`},
	} {
		if typed, all := matchQuery(in); typed != want[0] || all != want[1] {
			t.Errorf("matchQuery(%q) = %s | %s, want %s | %s", in, typed, all, want[0], want[1])
		}
	}
}

// "Installed": the user's own installations and the account's, live ones only.
func TestInstalledFilter(t *testing.T) {
	f := searchFixture(t)
	for _, q := range []string{
		`INSERT INTO users (id, name, email, role, created_at) VALUES (7, 'Mel', 'mel@x.example', 'member', ''), (8, 'Nia', 'nia@x.example', 'member', '')`,
		`INSERT INTO installations (listing_id, level, user_id, installed_by_name, status, requested_scopes, created_at, updated_at) VALUES
		   ('ledger', 'account', NULL, 'Olive', 'active', '[]', '', ''),
		   ('quorum', 'user', 7, 'Mel', 'needs_configuration', '[]', '', ''),
		   ('beacon', 'user', 8, 'Nia', 'active', '[]', '', ''),
		   ('tide-notes', 'user', 7, 'Mel', 'failed', '[]', '', '')`,
	} {
		if _, err := f.db.Writer.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	for _, text := range []string{"", "app"} {
		res, err := f.searcher.Search(f.ctx, Query{Text: text, InstalledOnly: true, Sort: SortName}, 7)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(ids(res.Items), ","); got != "ledger,quorum" || res.Total != 2 {
			t.Errorf("text %q: installed for Mel = %s (total %d), want ledger,quorum", text, got, res.Total)
		}
	}
}

// Earlier words are whole words first; when that finds nothing, they are
// prefixes too.
func TestEarlierWordsFallBackToPrefixes(t *testing.T) {
	f := searchFixture(t)
	if got := ids(f.search(t, Query{Text: "tidep not"}).Items); len(got) != 1 || got[0] != "tide-notes" {
		t.Fatalf("tidep not = %v", got)
	}
	if got := ids(f.search(t, Query{Text: "quorum pol"}).Items); len(got) != 1 || got[0] != "quorum" {
		t.Fatalf("quorum pol = %v", got)
	}
}
