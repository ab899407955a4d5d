package catalog

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// BenchmarkReadersDuringSync reports search latency (p50, p95, max) while
// another connection adds a second 100k-listing source to a catalog that
// already holds 100k listings, against the same searches just before, with
// nothing writing (the readers see the same 100k listings in both). The
// readers open the file on their own (db.Open again), as another process
// would. Figures in docs/performance.md, "Readers during a sync".
func BenchmarkReadersDuringSync(b *testing.B) {
	const n = 100_000
	dir := b.TempDir()
	first := writeSynthFeed(b, dir, n)
	second := writeSecondSource(b, dir, n)
	d := benchDB(b, dir)
	defer d.Close()
	s := newBenchSyncer(d)
	if _, err := s.AddSource(context.Background(), benchManager, first); err != nil {
		b.Fatal(err)
	}
	readers := benchDB(b, dir)
	defer readers.Close()
	searcher := NewSearcher(readers)
	queries := []Query{{Text: "invoice", Limit: 50}, {Text: "invo", Limit: 50}, {Text: "meeting notes calendar", Limit: 50}}

	idle := timeSearches(b, searcher, queries, len(queries)*50)

	done := make(chan error, 1)
	start := time.Now()
	go func() {
		_, err := s.AddSource(context.Background(), benchManager, second)
		done <- err
	}()
	var during []time.Duration
	errs := 0
	for syncing := true; syncing; {
		select {
		case err := <-done:
			if err != nil {
				b.Fatal(err)
			}
			syncing = false
		default:
			t0 := time.Now()
			if _, err := searcher.Search(context.Background(), queries[len(during)%len(queries)], 0); err != nil {
				errs++
			}
			during = append(during, time.Since(t0))
			time.Sleep(5 * time.Millisecond) // a person typing, not a tight loop
		}
	}
	syncTime := time.Since(start)
	slices.Sort(during)
	pct := func(ts []time.Duration, p int) float64 { return ms(ts[len(ts)*p/100]) }
	b.ReportMetric(syncTime.Seconds(), "sync-s")
	b.ReportMetric(float64(len(during)), "searches")
	b.ReportMetric(float64(errs), "errors")
	b.ReportMetric(pct(during, 50), "p50-ms")
	b.ReportMetric(pct(during, 95), "p95-ms")
	b.ReportMetric(ms(during[len(during)-1]), "max-ms")
	b.ReportMetric(pct(idle, 50), "idle-p50-ms")
	b.ReportMetric(pct(idle, 95), "idle-p95-ms")
	if errs > 0 {
		b.Fatalf("%d of %d searches failed during the sync", errs, len(during))
	}
}

// timeSearches runs n searches, cycling through queries, and returns their
// latencies sorted.
func timeSearches(b *testing.B, searcher *Searcher, queries []Query, n int) []time.Duration {
	times := make([]time.Duration, n)
	for i := range times {
		t0 := time.Now()
		if _, err := searcher.Search(context.Background(), queries[i%len(queries)], 0); err != nil {
			b.Fatal(err)
		}
		times[i] = time.Since(t0)
	}
	slices.Sort(times)
	return times
}

// writeSecondSource writes the synthetic feed again under other ids, so that
// it can be added as a second source of the same size.
func writeSecondSource(tb testing.TB, dir string, n int) string {
	p := filepath.Join(dir, fmt.Sprintf("second-%d.json", n))
	f, err := os.Create(p)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString(`{"schema_version": 1, "name": "Second", "listings": [`)
	for i := range n {
		if i > 0 {
			w.WriteByte(',')
		}
		e := synthEntry(i)
		id := fmt.Sprintf("second-%06d", i)
		e["id"], e["oauth"] = id, map[string]any{"sandbox": true, "client_id": id}
		raw, _ := json.Marshal(e)
		w.Write(raw)
	}
	w.WriteString("]}")
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	return p
}
