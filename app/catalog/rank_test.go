package catalog

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// rankFixture: apps whose words compete the way real catalogs make them.
func rankFixture(t *testing.T) *fixture {
	text := func(summary, desc string) func(map[string]any) {
		return func(e map[string]any) { e["summary"], e["description"] = summary, desc }
	}
	f := setup(t, feed(
		entry("pixelwright", "Pixelwright", text("Create images and edit photographs", "Retouch pictures, compose and author.")),
		entry("shotwell", "Shotwell", text("Digital photo organizer", "Import from cameras and sort by date.")),
		entry("photocollage", "PhotoCollage", text("Collage posters from many pictures", "Arrange pictures on a poster.")),
		entry("pidgin", "Pidgin", text("Instant Messaging Client", "Talk to people on many networks."), func(e map[string]any) {
			e["keywords"] = []string{"chat", "talk", "im"}
		}),
		entry("passes", "Passes", text("Import and use your digital passes", "Boarding passes and tickets.")),
		entry("passage", "Passage", text("A game about the passage through life", "A short art game.")),
		entry("keepers", "Keepers", text("Password manager", "Keeps your password safe.")),
		entry("vaultly", "Vaultly", text("Password vault for your passwords", "Encrypted storage.")),
		entry("lockbox", "Lockbox", text("A password safe for teams", "Shared password vaults.")),
	))
	f.syncer.SyncAll(f.ctx)
	return f
}

func position(got []string, id string) int {
	if i := slices.Index(got, id); i >= 0 {
		return i
	}
	return 1 << 30
}

// "image editor" finds the app that says "images" and "edit": the stemmed
// index, with the agent noun's verb ("editor" → "edit").
func TestSearchFindsWordsByStem(t *testing.T) {
	f := rankFixture(t)
	res := f.search(t, Query{Text: "image editor"})
	if got := ids(res.Items); len(got) == 0 || got[0] != "pixelwright" || res.Total != int64(len(got)) {
		t.Fatalf("image editor = %v (total %d), want pixelwright", got, res.Total)
	}
	// Exact words rank above stems: "photographs" is a whole word of
	// pixelwright's summary; shotwell only shares "photo".
	if got := ids(f.search(t, Query{Text: "photographs"}).Items); len(got) != 1 || got[0] != "pixelwright" {
		t.Errorf("photographs = %v", got)
	}
}

// The last word is a prefix, but a whole word outranks a prefix match, even
// one in a name.
func TestWholeWordOutranksPrefix(t *testing.T) {
	f := rankFixture(t)
	got := ids(f.search(t, Query{Text: "photo"}).Items)
	if position(got, "shotwell") > position(got, "photocollage") || !slices.Contains(got, "photocollage") {
		t.Fatalf("photo = %v, want shotwell (\"Digital photo organizer\") above photocollage", got)
	}
	// "pas": password (three summaries) is the common completion, above the
	// names that merely start so.
	got = ids(f.search(t, Query{Text: "pas"}).Items)
	if len(got) < 5 || !slices.Contains([]string{"keepers", "vaultly", "lockbox"}, got[0]) ||
		position(got, "passes") < 3 || position(got, "passage") < 3 {
		t.Fatalf("pas = %v, want the password managers first", got)
	}
}

func TestKeywordsAreSearchedNotShown(t *testing.T) {
	f := rankFixture(t)
	if got := ids(f.search(t, Query{Text: "chat"}).Items); len(got) != 1 || got[0] != "pidgin" {
		t.Fatalf("chat = %v, want pidgin (its keywords say chat)", got)
	}
	l, err := f.searcher.Listing(f.ctx, "pidgin")
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(l); strings.Contains(string(b), "chat") {
		t.Errorf("the listing shows its keywords: %s", b)
	}
}

func TestKeywordsAreValidated(t *testing.T) {
	many := make([]string, maxKeywords+1)
	for i := range many {
		many[i] = fmt.Sprint("word", i)
	}
	for kws, reason := range map[*[]string]string{
		&many:                     "keywords must have at most 20 entries",
		{strings.Repeat("x", 41)}: "keywords[0] is longer than 40 characters",
		{"ok", ""}:                "keywords[1] is required",
		{"two\nlines"}:            "keywords[0] must be one line",
	} {
		f := setup(t, feed(entry("kw", "Keyworded", func(e map[string]any) { e["keywords"] = *kws })))
		st := f.syncer.SyncAll(f.ctx)
		r := st.Results[len(st.Results)-1]
		if len(r.Skipped) != 1 || !strings.Contains(r.Skipped[0].Reason, reason) {
			t.Errorf("keywords %q: skipped %+v, want %q", *kws, r.Skipped, reason)
		}
	}
}

// Query syntax typed by a person is words, on both indexes: it neither fails
// nor matches everything.
func TestHostileSearchMatchesOnlyWords(t *testing.T) {
	f := rankFixture(t)
	for _, q := range []string{`*`, `"" OR ""`, `NOT x`, `{name}:*`, `name:*`, `NEAR(a b)`, `editor OR *`, `^pass*`, `"password" OR "photo"`,
		`(editor`, `player" OR "x`, `a AND b`, `col:editor`, `OR`, `-`, strings.Repeat("mirror ", 30)} {
		res, err := f.searcher.Search(f.ctx, Query{Text: q}, 0)
		if err != nil {
			t.Errorf("Search(%q) = %v", q, err)
			continue
		}
		if res.Total >= 9 {
			t.Errorf("Search(%q) matched everything: %v", q, ids(res.Items))
		}
	}
	// Operators are words: "password OR photo" wants all three words.
	if res := f.search(t, Query{Text: `"password" OR "photo"`}); res.Total != 0 {
		t.Errorf(`"password" OR "photo" = %v`, ids(res.Items))
	}
}

// The total ("N apps") counts the matches by stem the same way whether the
// page reaches them (the stem tier counts them) or not (a separate count).
func TestTotalIsTheSameForEveryPageSize(t *testing.T) {
	f := rankFixture(t)
	for _, text := range []string{"image editor", "passwords vault", "photo", "pas", "password"} {
		want := f.search(t, Query{Text: text}).Total
		for _, q := range []Query{{Text: text, Limit: 1}, {Text: text, Limit: 1, Offset: 1}, {Text: text, Limit: 2, Offset: 3}} {
			if got := f.search(t, q).Total; got != want {
				t.Errorf("%+v: total %d, with a page of 50: %d", q, got, want)
			}
		}
	}
}

// The filters' facet tokens (fts.go: "0tuser", "0c…", "0p…") are in the
// index too; typed, they are words of the text and match no listing's
// facets, whole or as a prefix, in the exact and the stemmed index.
func TestFacetTokensTypedMatchNothing(t *testing.T) {
	f := rankFixture(t)
	for _, q := range []string{"0tuser", "0t", "0p1", "0", "pass 0tuser"} {
		if res := f.search(t, Query{Text: q}); res.Total != 0 {
			t.Errorf("Search(%q) = %v (total %d), want nothing", q, ids(res.Items), res.Total)
		}
	}
}

// At the scale of a real package archive (63k listings), the exact name
// comes first however many longer names contain it: git among thousands of
// golang-github-git-*, gimp (an id) among gimp-help-*, vlc among its plugins.
func TestExactNameFirstAt63k(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 63k-listing catalog")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "archive.json")
	file, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(file)
	w.WriteString(`{"schema_version": 1, "name": "Archive", "listings": [`)
	n := 0
	add := func(id, name, summary string, installs int) {
		if n > 0 {
			w.WriteByte(',')
		}
		n++
		b, _ := json.Marshal(entry(id, name, func(e map[string]any) {
			e["summary"], e["description"] = summary, summary+"."
			e["icon"] = "https://icons.example/a.png"
			e["oauth"] = map[string]any{"client_id": id, "issuer": "https://auth.example"}
			e["stats"] = map[string]any{"installs": installs, "rating": 4, "rating_count": 1}
		}))
		w.Write(b)
	}
	for i := range 6000 { // popular ones: popularity must not beat the exact name
		add(fmt.Sprintf("golang-github-git-%d-dev", i), fmt.Sprintf("golang-github-git-%d-dev", i), "Go library for git repositories, git git git", 900000)
	}
	for i := range 3000 {
		add(fmt.Sprintf("gimp-help-%d", i), fmt.Sprintf("gimp-help-%d", i), "Documentation for the GIMP, GIMP help in language "+fmt.Sprint(i), 800000)
	}
	for i := range 400 {
		add(fmt.Sprintf("vlc-plugin-%d", i), fmt.Sprintf("vlc-plugin-%d", i), "VLC plugin number "+fmt.Sprint(i), 700000)
	}
	for n < 63000 {
		add(fmt.Sprintf("pkg-%d", n), fmt.Sprintf("Package %d", n), "Some package of the archive, it uses git and vlc and gimp", 10)
	}
	add("git", "git", "fast, scalable, distributed revision control system", 5)
	add("gimp", "GNU Image Manipulation Program", "Create images and edit photographs", 5)
	add("vlc", "VLC", "multimedia player and streamer", 5)
	w.WriteString("]}")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	file.Close()
	_, d, _ := syncFile(t, path)
	defer d.Close()
	s := NewSearcher(d)
	for _, q := range []string{"git", "gimp", "vlc", "GIT", "Vlc"} {
		res, err := s.Search(t.Context(), Query{Text: q, Limit: 20}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(res.Items); len(got) == 0 || got[0] != strings.ToLower(q) || res.Total < 400 {
			t.Errorf("%s: first of %d = %v", q, res.Total, got[:min(5, len(got))])
		}
	}
	// Past the name matches, the order is still relevance: page 30 of "git"
	// exists and holds name matches, not the packages that only mention it.
	res, err := s.Search(t.Context(), Query{Text: "git", Offset: 5000, Limit: 20}, 0)
	if err != nil || len(res.Items) != 20 || !strings.HasPrefix(res.Items[0].ID, "golang-github-git-") {
		t.Errorf("git, offset 5000: %v %v", ids(res.Items), err)
	}
}
