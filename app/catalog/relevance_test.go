package catalog

// The relevance benchmark (make bench; docs/performance.md, "Relevance"):
// the judged queries of testdata/relevance-queries.tsv over a real catalog
// (scripts/appstream-feed.py builds it from Debian's AppStream metadata),
// scored as MRR@10 and success@3 for Marketdesk's search and for plain
// FTS5 bm25 over the same text (no weights, no tiers, no stemming).

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// judgedQuery is a query and the ids of the listings that answer it.
type judgedQuery struct {
	text    string
	answers []string
}

func readJudgedQueries(tb testing.TB, path string) []judgedQuery {
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var qs []judgedQuery
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		text, answers, ok := strings.Cut(line, "\t")
		if !ok {
			tb.Fatalf("%s: no tab in %q", path, line)
		}
		qs = append(qs, judgedQuery{text, strings.Fields(answers)})
	}
	return qs
}

// firstHit is the 1-based position of the first answer in got, 0 if none.
func firstHit(got, answers []string) int {
	for i, id := range got {
		if slices.Contains(answers, id) {
			return i + 1
		}
	}
	return 0
}

// relevanceScores are MRR@10 (the mean of 1/position of the first answer in
// the first 10, 0 when absent) and success@3 (the share of queries with an
// answer in the first 3), from the positions of the first hits.
func relevanceScores(hits []int) (mrr10, success3 float64) {
	for _, h := range hits {
		if h >= 1 && h <= 10 {
			mrr10 += 1 / float64(h)
		}
		if h >= 1 && h <= 3 {
			success3++
		}
	}
	n := float64(max(len(hits), 1))
	return mrr10 / n, success3 / n
}

func TestRelevanceScores(t *testing.T) {
	if h := firstHit([]string{"a", "b", "c"}, []string{"x", "c"}); h != 3 {
		t.Errorf("firstHit = %d, want 3", h)
	}
	mrr, s3 := relevanceScores([]int{1, 2, 0, 4, 11})
	if want := (1 + 0.5 + 0.25) / 5; mrr < want-1e-9 || mrr > want+1e-9 || s3 != 0.4 {
		t.Errorf("scores = %v %v, want %v 0.4", mrr, s3, want)
	}
	if qs := readJudgedQueries(t, "testdata/relevance-queries.tsv"); len(qs) < 40 {
		t.Errorf("the judged set has %d queries, want 40 or more", len(qs))
	}
}

// baselineSQL is plain bm25 over the same text: one FTS5 table, default
// weights, the same words (the last a prefix, as typed), best first.
const (
	baselineTableSQL = `CREATE VIRTUAL TABLE baseline_fts USING fts5 (name, keywords, developer_name, summary, description, categories,
    tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO baseline_fts (rowid, name, keywords, developer_name, summary, description, categories)
SELECT rowid, name, keywords, developer_name, summary, description, categories FROM listings`
	baselineSearchSQL = `SELECT l.id FROM baseline_fts(?) f JOIN listings l ON l.rowid = f.rowid ORDER BY bm25(baseline_fts) LIMIT 10`
)

// BenchmarkRelevance needs MARKETDESK_RELEVANCE_FEED, the feed of
// scripts/appstream-feed.py (scripts/bench.sh sets it).
func BenchmarkRelevance(b *testing.B) {
	path := os.Getenv("MARKETDESK_RELEVANCE_FEED")
	if path == "" {
		b.Skip("MARKETDESK_RELEVANCE_FEED is not set: scripts/bench.sh builds the catalog and sets it")
	}
	queries := readJudgedQueries(b, "testdata/relevance-queries.tsv")
	_, d, _ := syncFile(b, path)
	defer d.Close()
	ctx := context.Background()
	if _, err := d.Writer.Exec(baselineTableSQL); err != nil {
		b.Fatal(err)
	}
	s := NewSearcher(d)
	var ours, base []int
	for _, q := range queries {
		res, err := s.Search(ctx, Query{Text: q.text, Limit: 10}, 0)
		if err != nil {
			b.Fatal(err)
		}
		got := ids(res.Items)
		ours = append(ours, firstHit(got, q.answers))
		typed, _ := matchQuery(q.text)
		rows, err := d.Reader.QueryContext(ctx, baselineSearchSQL, typed)
		if err != nil {
			b.Fatal(err)
		}
		var plain []string
		for rows.Next() {
			var id string
			rows.Scan(&id)
			plain = append(plain, id)
		}
		rows.Close()
		base = append(base, firstHit(plain, q.answers))
		if h := ours[len(ours)-1]; h != 1 {
			// Printed, not logged: a benchmark's log is cut at 10 lines.
			fmt.Printf("relevance: %-20q first answer at %d (baseline %d); top 3: %v\n", q.text, h, base[len(base)-1], got[:min(3, len(got))])
		}
	}
	mrr, s3 := relevanceScores(ours)
	bmrr, bs3 := relevanceScores(base)
	b.ReportMetric(float64(len(queries)), "queries")
	b.ReportMetric(mrr, "MRR@10")
	b.ReportMetric(s3, "success@3")
	b.ReportMetric(bmrr, "baseline-MRR@10")
	b.ReportMetric(bs3, "baseline-success@3")
}
