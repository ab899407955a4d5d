package catalog

import (
	"slices"
	"strings"
	"testing"
)

func suggestFixture(t *testing.T) *fixture {
	f := setup(t, feed(
		entry("cal", "Tidepool Calendar", func(e map[string]any) { e["summary"] = "Shared calendar for teams." }),
		entry("cal2", "Calendar Sync"),
		entry("calc", "Calculator Pro"),
		entry("notes", "Notewise", func(e map[string]any) {
			e["summary"] = "Meeting notes."
			e["developer"] = map[string]any{"name": "Notewise GmbH", "website": "https://notewise.example"}
		}),
	))
	f.syncer.SyncAll(f.ctx)
	return f
}

func TestSearchSuggestsTheNearestCatalogWord(t *testing.T) {
	f := suggestFixture(t)
	for typed, want := range map[string]string{
		"calender":         "calendar", // one letter wrong
		"Calender sync":    "calendar sync",
		"shared calnedar":  "shared calendar", // two letters swapped
		"meeting noets":    "meeting notes",
		"tidepool calendr": "tidepool calendar",
	} {
		res := f.search(t, Query{Text: typed})
		if res.Suggestion != want {
			t.Errorf("Search(%q).Suggestion = %q, want %q", typed, res.Suggestion, want)
		}
		if again := f.search(t, Query{Text: res.Suggestion}); again.Total == 0 {
			t.Errorf("the suggestion %q for %q finds nothing", res.Suggestion, typed)
		}
	}
}

func TestSearchSuggestsNothingForKnownOrFarWords(t *testing.T) {
	f := suggestFixture(t)
	for _, typed := range []string{
		"calendar", "calen", // a word of the catalog, or the start of one as you type
		"Calculator", // found: no suggestion
		"xyzzyplugh", // nothing near
		"ca", "zz",   // too short to guess
		`"calender" OR NEAR(`, // hostile input is only words; "calender" still gets its suggestion below
	} {
		res := f.search(t, Query{Text: typed})
		if typed == `"calender" OR NEAR(` {
			if res.Suggestion != "calendar or near" {
				t.Errorf("Search(%q).Suggestion = %q, want the words corrected", typed, res.Suggestion)
			}
			continue
		}
		if res.Suggestion != "" {
			t.Errorf("Search(%q).Suggestion = %q, want none", typed, res.Suggestion)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b  string
		limit int
		want  int
	}{
		{"calender", "calendar", 2, 1},
		{"calnedar", "calendar", 2, 1}, // a swap is one edit
		{"kitten", "sitting", 2, 3},    // beyond the limit: limit+1
		{"née", "nee", 1, 1},
		{"", "ab", 2, 2},
	} {
		if got := editDistance(c.a, c.b, c.limit); got != c.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", c.a, c.b, c.limit, got, c.want)
		}
	}
}

func TestRatingOrderWeighsTheNumberOfRatings(t *testing.T) {
	rated := func(rating float64, count int) func(map[string]any) {
		return func(e map[string]any) {
			e["stats"] = map[string]any{"installs": 100, "rating": rating, "rating_count": count}
		}
	}
	f := setup(t, feed(
		entry("few", "Planner Few", rated(4.9, 6)),
		entry("many", "Planner Many", rated(4.9, 2436)),
		entry("good", "Planner Good", rated(4.6, 800)),
		entry("none", "Planner None", rated(0, 0)),
		entry("low", "Planner Low", rated(2.0, 50)),
	))
	f.syncer.SyncAll(f.ctx)
	want := []string{"many", "good", "few", "none", "low"}
	for _, q := range []Query{{Sort: SortRating}, {Text: "planner", Sort: SortRating}} {
		if got := ids(f.search(t, q).Items); !slices.Equal(got, want) {
			t.Errorf("Search(%+v) = %v, want %v", q, got, want)
		}
	}
}

func TestDeveloperQueryKeepsThatDevelopersApps(t *testing.T) {
	f := suggestFixture(t)
	res := f.search(t, Query{Developer: "Northwind Labs"})
	if got := ids(res.Items); res.Total != 3 || slices.Contains(got, "notes") {
		t.Errorf("Northwind Labs' apps = %v (total %d), want the three without notes", got, res.Total)
	}
	if got := ids(f.search(t, Query{Developer: "Notewise GmbH"}).Items); !slices.Equal(got, []string{"notes"}) {
		t.Errorf("Notewise GmbH's apps = %v", got)
	}
	// A look-alike name is another developer.
	if got := f.search(t, Query{Developer: "Northwind Lab5"}); got.Total != 0 {
		t.Errorf("look-alike developer found %v", ids(got.Items))
	}
}

func TestReleaseNotesAreOptionalBoundedAndShown(t *testing.T) {
	f := setup(t, feed(
		entry("plain", "Plain App"),
		entry("noted", "Noted App", func(e map[string]any) { e["release_notes"] = "  Faster sync.\nNew dark icons.  " }),
		entry("long", "Long Notes", func(e map[string]any) { e["release_notes"] = strings.Repeat("x", maxReleaseNotes+1) }),
	))
	report := f.syncer.SyncAll(f.ctx)
	if f.count(t) != 2 {
		t.Fatalf("listings = %d, want plain and noted (the too long skipped); report %+v", f.count(t), report)
	}
	for id, want := range map[string]string{"plain": "", "noted": "Faster sync.\nNew dark icons."} {
		l, err := f.searcher.Listing(f.ctx, id)
		if err != nil || l.ReleaseNotes != want {
			t.Errorf("Listing(%s).ReleaseNotes = %q, %v; want %q", id, l.ReleaseNotes, err, want)
		}
	}
}
