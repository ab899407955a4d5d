package catalog

// Benchmarks of the catalog (make bench). Figures and their reading are in
// docs/performance.md. Each benchmark does its own repetitions and reports
// custom metrics; run with -benchtime=1x.

import (
	"bufio"
	"context"
	"database/sql"
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

	"marketdesk/db"
)

var benchWords = strings.Fields(`meeting notes calendar rooms booking sales pipeline ledger invoice expense
report poll survey chat message channel recording transcript caption whiteboard design review sprint ticket
support helpdesk onboarding payroll benefits hiring interview compliance archive audit security identity access
analytics dashboard insight forecast budget travel scheduling reminder task project roadmap release deploy
build code review incident alert status page feedback customer contact lead deal quote contract signature
document storage file sync backup learning course quiz classroom patient clinic appointment translation
language summary highlight agenda action follow quorum beacon tide ledger harbor summit atlas orbit`)

var benchCategories = []string{"Productivity", "Communication", "Sales & CRM", "Marketing", "Customer Support",
	"Developer Tools", "Project Management", "Human Resources", "Finance & Accounting", "Education",
	"Healthcare", "Security & Compliance", "Analytics", "Design", "Scheduling", "Collaboration"}

func sentence(r *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = benchWords[r.IntN(len(benchWords))]
	}
	return strings.Join(w, " ")
}

// synthEntry is listing number i of a synthetic feed (deterministic).
func synthEntry(i int) map[string]any {
	r := rand.New(rand.NewPCG(uint64(i), 42))
	id := fmt.Sprintf("app-%06d", i)
	name := strings.ToUpper(benchWords[r.IntN(len(benchWords))][:1]) + benchWords[r.IntN(len(benchWords))][1:] + " " + sentence(r, 1) + fmt.Sprintf(" %d", i)
	cats := []string{benchCategories[r.IntN(len(benchCategories))]}
	if r.IntN(3) == 0 {
		cats = append(cats, benchCategories[r.IntN(len(benchCategories))])
	}
	typ := "user"
	if r.IntN(10) < 3 {
		typ = "account"
	}
	return entry(id, name, func(e map[string]any) {
		e["summary"] = sentence(r, 10)
		e["description"] = "## " + sentence(r, 3) + "\n\n" + sentence(r, 60) + "\n\n- " + sentence(r, 6) + "\n- " + sentence(r, 6)
		e["categories"] = cats
		e["type"] = typ
		e["stats"] = map[string]any{"installs": r.IntN(500000), "rating": float64(r.IntN(50)) / 10, "rating_count": r.IntN(5000)}
		e["developer"] = map[string]any{"name": "Dev " + sentence(r, 1), "website": "https://dev.example", "verified": r.IntN(2) == 0}
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
	res, err := s.AddSource(context.Background(), path)
	elapsed := time.Since(start)
	if err != nil || len(res.Skipped) > 0 {
		tb.Fatalf("sync: %v %+v", err, res.Skipped)
	}
	return elapsed, d, s
}

// BenchmarkSync reports, for 1k, 10k and 100k listings: the full sync, the
// baseline (the same rows inserted with prepared statements, no parsing), their
// ratio, the peak heap, and a re-sync of the unchanged feed.
func BenchmarkSync(b *testing.B) {
	dir := b.TempDir()
	for _, n := range []int{1000, 10000, 100000} {
		path := writeSynthFeed(b, dir, n)
		b.Run(fmt.Sprintf("listings=%d", n), func(b *testing.B) {
			var full time.Duration
			var d *db.DB
			var s *Syncer
			peak := peakHeap(func() { full, d, s = syncFile(b, path) })
			defer d.Close()
			base := baselineInsert(b, n)
			start := time.Now()
			st := s.SyncAll(context.Background())
			resync := time.Since(start)
			if r := st.Results[len(st.Results)-1]; !r.Unchanged {
				b.Fatalf("re-sync was not unchanged: %+v", r)
			}
			b.ReportMetric(full.Seconds()*1000, "sync-ms")
			b.ReportMetric(base.Seconds()*1000, "baseline-ms")
			b.ReportMetric(full.Seconds()/base.Seconds(), "sync/baseline")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(resync.Microseconds())/1000, "resync-ms")
		})
	}
}

// baselineInsert inserts n prepared rows into the same schema in one
// transaction: what a sync would cost if reading and checking the feed were free.
func baselineInsert(b *testing.B, n int) time.Duration {
	d := benchDB(b, b.TempDir())
	defer d.Close()
	ctx := context.Background()
	src, err := d.Writer.Exec("INSERT INTO catalog_sources (kind, location, created_at) VALUES ('file', '/x', '')")
	if err != nil {
		b.Fatal(err)
	}
	srcID, _ := src.LastInsertId()
	rows := make([]listingRow, n)
	for i := range rows {
		raw, _ := json.Marshal(synthEntry(i))
		fe, _ := decodeEntry(raw)
		rows[i], _ = validate(fe, origin{local: true})
	}
	start := time.Now()
	tx, _ := d.Writer.BeginTx(ctx, nil)
	insert, _ := tx.Prepare(`INSERT INTO listings (id, source_id, content_hash, name, name_key, developer_name,
		developer_website, developer_verified, summary, description, icon_url, categories, type, details, installs,
		rating, rating_count, version, published_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
	category, _ := tx.Prepare(`INSERT INTO listing_categories (listing_rowid, category) VALUES (?, ?)`)
	for _, r := range rows {
		p := insertParams(r, srcID, "0123456789abcdef0123456789abcdef")
		res, err := insert.Exec(p.ID, p.SourceID, p.ContentHash, p.Name, p.NameKey, p.DeveloperName, p.DeveloperWebsite,
			p.DeveloperVerified, p.Summary, p.Description, p.IconUrl, p.Categories, p.Type, p.Details, p.Installs,
			p.Rating, p.RatingCount, p.Version, p.PublishedAt, p.UpdatedAt)
		if err != nil {
			b.Fatal(err)
		}
		rowid, _ := res.LastInsertId()
		for _, c := range r.Categories {
			category.Exec(rowid, c)
		}
	}
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

// search100k is a database holding the synthetic 100k feed, built once.
func search100k(b *testing.B) *db.DB {
	searchDB.once.Do(func() {
		dir, _ := os.MkdirTemp("", "marketdesk-bench-")
		searchDB.dir = dir
		path := writeSynthFeed(b, dir, 100000)
		d := benchDB(b, dir)
		if _, err := newBenchSyncer(d).AddSource(context.Background(), path); err != nil {
			b.Fatal(err)
		}
		searchDB.d = d
	})
	return searchDB.d
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

// likeScan is the naive search the FTS index replaces: the same page of 50,
// matched with LIKE over the same columns.
func likeScan(b *testing.B, d *db.DB, text, category string) {
	pattern := "%" + strings.Fields(text)[0] + "%"
	rows, err := d.Reader.Query(`SELECT l.id FROM listings l
		WHERE (l.name LIKE ?1 OR l.developer_name LIKE ?1 OR l.summary LIKE ?1 OR l.description LIKE ?1 OR l.categories LIKE ?1)
		AND (?2 = '' OR EXISTS (SELECT 1 FROM listing_categories c WHERE c.category = ?2 AND c.listing_rowid = l.rowid))
		ORDER BY l.installs DESC LIMIT 50`, pattern, category)
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
		os.RemoveAll(searchDB.dir)
	}
	os.Exit(code)
}
