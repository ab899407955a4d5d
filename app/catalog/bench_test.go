package catalog

// Benchmarks of the catalog (make bench). Figures and their reading are in
// docs/performance.md. Each benchmark does its own repetitions and reports
// custom metrics; run with -benchtime=1x.

import (
	"bufio"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"marketdesk/app/account"
	"marketdesk/db"
	"marketdesk/db/store"
)

// The synthetic feed (see docs/performance.md, "Data shape"): listing text
// is drawn from a Zipf-distributed vocabulary of the words real app
// descriptions are made of (function words first, the most frequent), the
// catalog's domain words, and a few thousand invented but pronounceable words
// (brand names, jargon), so that a domain word matches a few percent of the
// listings and the function words nearly all of them, as in a real catalog.
var (
	benchFunctionWords = strings.Fields(`the and your with for to of a in on team all from by every one is it you`)
	benchDomainWords   = strings.Fields(`meeting notes calendar rooms booking sales pipeline ledger invoice expense
report poll survey chat message channel recording transcript caption whiteboard design review sprint ticket
support helpdesk onboarding payroll benefits hiring interview compliance archive audit security identity access
analytics dashboard insight forecast budget travel scheduling reminder task project roadmap release deploy
build code incident alert status page feedback customer contact lead deal quote contract signature
document storage file sync backup learning course quiz classroom patient clinic appointment translation
language summary highlight agenda action follow quorum beacon tide harbor summit atlas orbit invoices
meetings reports tickets tasks projects customers documents files messages channels payments payment
billing subscription inventory order orders shipping warehouse vendor procurement timesheet shift
attendance leave approval approvals workflow automation integration import export template templates
form forms chart charts goal goals okr kanban board boards wiki knowledge search recruit candidate`)
	benchVocab      = buildBenchVocab()
	benchCategories = []string{"Productivity", "Communication", "Sales & CRM", "Marketing", "Customer Support",
		"Developer Tools", "Project Management", "Human Resources", "Finance & Accounting", "Education",
		"Healthcare", "Security & Compliance", "Analytics", "Design", "Scheduling", "Collaboration"}
)

// benchInventedWords is the number of invented words in the vocabulary.
const benchInventedWords = 4000

// buildBenchVocab orders the vocabulary by Zipf rank: the function words, then
// the domain words spread among the invented ones (one in eight, after the
// first 40 invented words).
func buildBenchVocab() []string {
	r := rand.New(rand.NewPCG(7, 7))
	onsets := strings.Fields("b c d f g h j k l m n p r s t v w z br cl dr fl gr pl st tr sk sp th ch")
	vowels := strings.Fields("a e i o u a e i o u ai ea oo ou")
	codas := []string{"", "", "n", "r", "l", "s", "x", "m", "nd", "rt"}
	taken := map[string]bool{}
	for _, w := range append(slices.Clone(benchFunctionWords), benchDomainWords...) {
		taken[w] = true
	}
	invented := make([]string, 0, benchInventedWords)
	for len(invented) < benchInventedWords {
		var b strings.Builder
		for range 1 + r.IntN(3) {
			b.WriteString(onsets[r.IntN(len(onsets))])
			b.WriteString(vowels[r.IntN(len(vowels))])
		}
		b.WriteString(codas[r.IntN(len(codas))])
		if w := b.String(); len(w) >= 4 && !taken[w] {
			taken[w] = true
			invented = append(invented, w)
		}
	}
	vocab := slices.Clone(benchFunctionWords)
	domain := benchDomainWords
	for len(domain) > 0 || len(invented) > 0 {
		if len(domain) > 0 && len(vocab) >= len(benchFunctionWords)+40 && (len(vocab)%8 == 0 || len(invented) == 0) {
			vocab, domain = append(vocab, domain[0]), domain[1:]
		} else {
			vocab, invented = append(vocab, invented[0]), invented[1:]
		}
	}
	return vocab
}

// benchText draws n words of listing text.
func benchText(z *rand.Zipf, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = benchVocab[z.Uint64()]
	}
	return strings.Join(w, " ")
}

func capitalize(w string) string { return strings.ToUpper(w[:1]) + w[1:] }

// synthEntry is listing number i of a synthetic feed (deterministic).
func synthEntry(i int) map[string]any {
	r := rand.New(rand.NewPCG(uint64(i), 42))
	z := rand.NewZipf(r, 1.1, 2, uint64(len(benchVocab)-1))
	id := fmt.Sprintf("app-%06d", i)
	// A name is a brand (an invented word, uniform) and one or two words of
	// the text (Zipf, function words skipped), like "Vorblin Invoice Sync".
	name := capitalize(benchVocab[len(benchFunctionWords)+r.IntN(len(benchVocab)-len(benchFunctionWords))])
	for range 1 + r.IntN(2) {
		w := benchVocab[z.Uint64()]
		for slices.Contains(benchFunctionWords, w) {
			w = benchVocab[z.Uint64()]
		}
		name += " " + capitalize(w)
	}
	cats := []string{benchCategories[r.IntN(len(benchCategories))]}
	if r.IntN(3) == 0 {
		cats = append(cats, benchCategories[r.IntN(len(benchCategories))])
	}
	typ := "user"
	if r.IntN(10) < 3 {
		typ = "account"
	}
	summary := capitalize(benchText(z, 8+r.IntN(10))) + "."
	if len(summary) > 200 {
		summary = summary[:200]
	}
	words := 30 + r.IntN(51) // 30 to 80 words of description
	head := 2 + r.IntN(3)
	bullets := 2 + r.IntN(2)
	perBullet := 4
	body := max(words-head-bullets*perBullet, 10)
	desc := "## " + capitalize(benchText(z, head)) + "\n\n" + capitalize(benchText(z, body)) + ".\n"
	for range bullets {
		desc += "\n- " + benchText(z, perBullet)
	}
	return entry(id, name, func(e map[string]any) {
		e["summary"] = summary
		e["description"] = desc
		e["categories"] = cats
		e["type"] = typ
		e["stats"] = map[string]any{"installs": r.IntN(500000), "rating": float64(r.IntN(50)) / 10, "rating_count": r.IntN(5000)}
		e["developer"] = map[string]any{"name": capitalize(benchVocab[len(benchFunctionWords)+r.IntN(len(benchVocab)-len(benchFunctionWords))]) + " Labs", "website": "https://dev.example", "verified": r.IntN(2) == 0}
	})
}

// writeSynthFeed streams a feed of n listings to a file, without holding it.
func writeSynthFeed(tb testing.TB, dir string, n int) string {
	p := filepath.Join(dir, fmt.Sprintf("feed-%d.json", n))
	f, err := os.Create(p)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString(`{"schema_version": 1, "name": "Synthetic", "listings": [`)
	for i := range n {
		if i > 0 {
			w.WriteByte(',')
		}
		b, _ := json.Marshal(synthEntry(i))
		w.Write(b)
	}
	w.WriteString("]}")
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	return p
}

func benchDB(tb testing.TB, dir string) *db.DB {
	d, err := db.Open(context.Background(), filepath.Join(dir, db.FileName))
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// benchManager adds the benchmark feeds (only managers add sources).
var benchManager = account.User{ID: 1, Name: "Bench", Manager: true}

func newBenchSyncer(d *db.DB) *Syncer {
	s := NewSyncer(d, fstest.MapFS{"catalog.json": {Data: feed()}}, nil, time.Now, nil)
	return s
}

// peakHeap samples the live heap while fn runs and returns the highest value.
// It reads runtime/metrics, which does not stop the world (ReadMemStats
// would, and would slow the sync it measures).
func peakHeap(fn func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	fn()
	close(stop)
	wg.Wait()
	return peak.Load()
}

// syncFile adds path as a source of a fresh database and returns the time it took.
func syncFile(tb testing.TB, path string) (time.Duration, *db.DB, *Syncer) {
	d := benchDB(tb, tb.TempDir())
	s := newBenchSyncer(d)
	start := time.Now()
	res, err := s.AddSource(context.Background(), benchManager, path)
	elapsed := time.Since(start)
	if err != nil || len(res.Skipped) > 0 {
		tb.Fatalf("sync: %v %+v", err, res.Skipped)
	}
	return elapsed, d, s
}

// BenchmarkSync reports, for 1k, 10k and 100k listings: the full sync and
// two baselines writing the same rows into the same schema with prepared
// statements in one transaction — insert-only (rows ready in memory, no
// reading: the lower bound) and plain Go (encoding/json reads the file, the
// same checks, one goroutine) — their ratios in time and in peak resident
// memory, the re-sync of the untouched feed, and the
// re-sync of the feed touched without a change (hashed, not parsed) as a
// share of the full sync.
func BenchmarkSync(b *testing.B) {
	dir := b.TempDir()
	for _, n := range []int{1000, 10000, 100000} {
		path := writeSynthFeed(b, dir, n)
		b.Run(fmt.Sprintf("listings=%d", n), func(b *testing.B) {
			var full time.Duration
			var d *db.DB
			var s *Syncer
			var heap uint64
			rss := peakRSS(func() { heap = peakHeap(func() { full, d, s = syncFile(b, path) }) })
			defer d.Close()
			rows := baselineRows(b, n)
			var base, plain time.Duration
			baseRSS := peakRSS(func() { base = baselineInsert(b, rows) })
			rows = nil
			plainRSS := peakRSS(func() { plain = baselinePlainGo(b, path) })
			start := time.Now()
			st := s.SyncAll(context.Background())
			resync := time.Since(start)
			if r := st.Results[len(st.Results)-1]; !r.Unchanged {
				b.Fatalf("re-sync was not unchanged: %+v", r)
			}
			later := time.Now().Add(time.Minute)
			if err := os.Chtimes(path, later, later); err != nil {
				b.Fatal(err)
			}
			start = time.Now()
			st = s.SyncAll(context.Background())
			touched := time.Since(start)
			if r := st.Results[len(st.Results)-1]; !r.Unchanged {
				b.Fatalf("touched re-sync was not unchanged: %+v", r)
			}
			b.ReportMetric(full.Seconds()*1000, "sync-ms")
			b.ReportMetric(base.Seconds()*1000, "baseline-ms")
			b.ReportMetric(full.Seconds()/base.Seconds(), "sync/baseline")
			b.ReportMetric(plain.Seconds()*1000, "plain-go-ms")
			b.ReportMetric(full.Seconds()/plain.Seconds(), "sync/plain-go")
			b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(rss)/(1<<20), "peak-rss-MiB")
			b.ReportMetric(float64(baseRSS)/(1<<20), "baseline-peak-rss-MiB")
			if baseRSS > 0 {
				b.ReportMetric(float64(rss)/float64(baseRSS), "rss/baseline")
			}
			if plainRSS > 0 {
				b.ReportMetric(float64(rss)/float64(plainRSS), "rss/plain-go")
			}
			b.ReportMetric(float64(resync.Microseconds())/1000, "resync-ms")
			b.ReportMetric(float64(touched.Microseconds())/1000, "touched-resync-ms")
			b.ReportMetric(100*touched.Seconds()/full.Seconds(), "touched/sync-%")
		})
	}
}

// baselineRows are the rows of the synthetic feed, checked and ready to insert.
func baselineRows(b *testing.B, n int) []store.InsertListingParams {
	rows := make([]store.InsertListingParams, n)
	for i := range rows {
		raw, _ := json.Marshal(synthEntry(i))
		fe, _ := decodeEntry(raw)
		r, err := validate(fe, origin{local: true})
		if err != nil {
			b.Fatal(err)
		}
		rows[i] = insertParams(r, 0, "0123456789abcdef0123456789abcdef")
	}
	return rows
}

// baselineInsert inserts the rows into the same schema in one transaction
// with prepared statements: what a sync would cost if reading and checking
// the feed were free (the lower bound).
func baselineInsert(b *testing.B, rows []store.InsertListingParams) time.Duration {
	return baselineWrite(b, func(put func(store.InsertListingParams)) {
		for _, p := range rows {
			put(p)
		}
	})
}

// baselinePlainGo is the whole job done the plainest way, on one goroutine:
// encoding/json's decoder walks the feed file, each entry is hashed,
// decoded, checked and inserted with the prepared statements, in one
// transaction. What the sync adds beyond it is its own machinery (the
// bounded scanner, the read-ahead, the source's records and checks).
func baselinePlainGo(b *testing.B, path string) time.Duration {
	return baselineWrite(b, func(put func(store.InsertListingParams)) {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		dec := json.NewDecoder(bufio.NewReaderSize(f, 64<<10))
		for {
			tok, err := dec.Token()
			if err != nil {
				b.Fatal(err)
			}
			if tok == "listings" {
				break
			}
		}
		if _, err := dec.Token(); err != nil { // [
			b.Fatal(err)
		}
		for dec.More() {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				b.Fatal(err)
			}
			sum := sha256.Sum256(raw)
			fe, err := decodeEntry(raw)
			if err != nil {
				b.Fatal(err)
			}
			r, err := validate(fe, origin{local: true})
			if err != nil {
				b.Fatal(err)
			}
			put(insertParams(r, 0, hex.EncodeToString(sum[:16])))
		}
	})
}

// baselineWrite times fill putting its rows into a new database's schema in
// one transaction with prepared statements, the FTS index built at the end.
func baselineWrite(b *testing.B, fill func(put func(store.InsertListingParams))) time.Duration {
	d := benchDB(b, b.TempDir())
	defer d.Close()
	ctx := context.Background()
	src, err := d.Writer.Exec("INSERT INTO catalog_sources (kind, location, created_at) VALUES ('file', '/x', '')")
	if err != nil {
		b.Fatal(err)
	}
	srcID, _ := src.LastInsertId()
	start := time.Now()
	tx, _ := d.Writer.BeginTx(ctx, nil)
	insert, _ := tx.Prepare(`INSERT INTO listings (id, source_id, content_hash, name, name_key, developer_name,
		developer_website, developer_verified, summary, description, icon_url, categories, type, details, installs,
		rating, rating_count, version, published_at, updated_at, facets) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
	category, _ := tx.Prepare(`INSERT INTO listing_categories (listing_rowid, category) VALUES (?, ?)`)
	var cats []string
	fill(func(p store.InsertListingParams) {
		res, err := insert.Exec(p.ID, srcID, p.ContentHash, p.Name, p.NameKey, p.DeveloperName, p.DeveloperWebsite,
			p.DeveloperVerified, p.Summary, p.Description, p.IconUrl, p.Categories, p.Type, p.Details, p.Installs,
			p.Rating, p.RatingCount, p.Version, p.PublishedAt, p.UpdatedAt, p.Facets)
		if err != nil {
			b.Fatal(err)
		}
		rowid, _ := res.LastInsertId()
		cats = cats[:0]
		_ = json.Unmarshal([]byte(p.Categories), &cats)
		for _, c := range cats {
			category.Exec(rowid, c)
		}
	})
	if err := indexNewListings(ctx, tx, 0); err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

var searchDB struct {
	once sync.Once
	dir  string
	d    *db.DB
}

// search100k is a database holding the synthetic 100k feed, built once per
// run, or once per fixture version when MARKETDESK_BENCH_CACHE names a
// directory to keep it in (building it takes minutes; see README, "Benchmarks").
func search100k(b *testing.B) *db.DB {
	searchDB.once.Do(func() {
		cache := os.Getenv("MARKETDESK_BENCH_CACHE")
		if cache == "" {
			dir, _ := os.MkdirTemp("", "marketdesk-bench-")
			searchDB.dir = dir
			searchDB.d = buildSearch100k(b, dir)
			return
		}
		dir := filepath.Join(cache, "search100k-"+fixtureKey(b))
		if _, err := os.Stat(filepath.Join(dir, db.FileName)); err != nil {
			tmp, err := os.MkdirTemp(cache, "building-")
			if err != nil {
				b.Fatal(err)
			}
			if err := buildSearch100k(b, tmp).Close(); err != nil {
				b.Fatal(err)
			}
			os.Remove(filepath.Join(tmp, "feed-100000.json"))
			if err := os.Rename(tmp, dir); err != nil {
				os.RemoveAll(tmp) // another run cached it first
			}
		}
		searchDB.d = benchDB(b, dir) // kept: searchDB.dir stays ""
	})
	return searchDB.d
}

// benchFixtureVersion names the cached 100k database: bump it when the
// synthetic feed (synthEntry) or what a sync writes changes. Migrations are
// part of the key by their text.
const benchFixtureVersion = "1"

// fixtureKey is benchFixtureVersion and a hash of the migrations.
func fixtureKey(b *testing.B) string {
	files, err := filepath.Glob("../../db/migrations/*.sql")
	if err != nil || len(files) == 0 {
		b.Fatalf("migrations not found (%v): run from app/catalog", err)
	}
	h := sha256.New()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		h.Write(data)
	}
	return benchFixtureVersion + "-" + hex.EncodeToString(h.Sum(nil))[:12]
}

func buildSearch100k(b *testing.B, dir string) *db.DB {
	path := writeSynthFeed(b, dir, 100000)
	d := benchDB(b, dir)
	if _, err := newBenchSyncer(d).AddSource(context.Background(), benchManager, path); err != nil {
		b.Fatal(err)
	}
	return d
}

// BenchmarkSearch100k reports p50/p95 search latency at 100k listings, and
// the p50 of a LIKE '%q%' scan over the same table for comparison.
func BenchmarkSearch100k(b *testing.B) {
	d := search100k(b)
	s := NewSearcher(d)
	cases := []struct{ name, text, category string }{
		{"one-word", "invoice", ""},
		{"prefix", "invo", ""},
		{"three-words", "meeting notes calendar", ""},
		{"one-word+category", "invoice", "Finance & Accounting"},
		{"prefix+category", "invo", "Finance & Accounting"},
		{"three-words+category", "meeting notes calendar", "Productivity"},
		// Not in the aims: a word in more than half of the listings.
		{"common-word", "team", ""},
		// Nothing found: the cost of "Did you mean" (suggest.go) on top.
		{"typo", "invoise", ""},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			q := Query{Text: c.text, Category: c.category, Limit: 50}
			p50, p95 := latencies(b, 200, func() {
				if _, err := s.Search(context.Background(), q, 0); err != nil {
					b.Fatal(err)
				}
			})
			like, _ := latencies(b, 20, func() { likeScan(b, d, c.text, c.category) })
			b.ReportMetric(ms(p50), "p50-ms")
			b.ReportMetric(ms(p95), "p95-ms")
			b.ReportMetric(ms(like), "like-p50-ms")
			b.ReportMetric(like.Seconds()/p50.Seconds(), "like/fts")
		})
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func latencies(b *testing.B, n int, fn func()) (p50, p95 time.Duration) {
	fn() // warm
	times := make([]time.Duration, n)
	for i := range times {
		start := time.Now()
		fn()
		times[i] = time.Since(start)
	}
	slices.Sort(times)
	return times[n/2], times[n*95/100]
}

// likeScan is the naive search the FTS index replaces, over the same table:
// every word of text as a '%word%' substring of any text column (AND over
// words), the same category filter, the same page of 50, ordered by
// installs. It computes no total (the search does), and may stop early by
// walking the installs index: if anything, it flatters LIKE.
func likeScan(b *testing.B, d *db.DB, text, category string) {
	where := "1 = 1"
	args := []any{category}
	for _, w := range strings.Fields(text) {
		args = append(args, "%"+w+"%")
		n := fmt.Sprint(len(args))
		where += " AND (l.name LIKE ?" + n + " OR l.developer_name LIKE ?" + n + " OR l.summary LIKE ?" + n +
			" OR l.description LIKE ?" + n + " OR l.categories LIKE ?" + n + ")"
	}
	rows, err := d.Reader.Query(`SELECT l.id FROM listings l WHERE `+where+`
		AND (?1 = '' OR EXISTS (SELECT 1 FROM listing_categories c WHERE c.category = ?1 AND c.listing_rowid = l.rowid))
		ORDER BY l.installs DESC LIMIT 50`, args...)
	if err != nil {
		b.Fatal(err)
	}
	drain(rows)
}

func drain(rows *sql.Rows) {
	for rows.Next() {
	}
	rows.Close()
}

func TestMain(m *testing.M) {
	code := m.Run()
	if searchDB.d != nil {
		searchDB.d.Close()
		if searchDB.dir != "" {
			os.RemoveAll(searchDB.dir)
		}
	}
	os.Exit(code)
}
