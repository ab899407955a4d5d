package catalog

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// rawFeed renders a feed around listings given as raw JSON text.
func rawFeed(listings ...string) []byte {
	return []byte(`{"schema_version": 1, "name": "Test feed", "listings": [` + strings.Join(listings, ",") + `]}`)
}

func entryJSON(e map[string]any) string {
	b, _ := json.Marshal(e)
	return string(b)
}

// skippedBy maps each skipped entry's label to its reason.
func skippedBy(res SourceResult) map[string]string {
	m := map[string]string{}
	for _, p := range res.Skipped {
		m[p.Entry] = p.Reason
	}
	return m
}

func TestFeedHeaderGapsAreRefused(t *testing.T) {
	cases := map[string]struct{ body, want string }{
		"version as a string": {`{"schema_version": "1", "listings": []}`, "must be a JSON number"},
		"huge version":        {`{"schema_version": 1` + strings.Repeat("0", 5000) + `, "listings": []}`, "schema_version is not a number"},
		"1 MB name":           {`{"schema_version": 1, "name": "` + strings.Repeat("n", 1<<20) + `", "listings": []}`, "longer than 80 characters"},
		"81-character name":   {`{"schema_version": 1, "name": "` + strings.Repeat("é", 81) + `", "listings": []}`, "longer than 80 characters"},
		"NUL in the name":     {`{"schema_version": 1, "name": "a\u0000b", "listings": []}`, "NUL"},
		"too deep":            {`{"schema_version": 1, "listings": [` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `]}`, "deeper than 32 levels"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			f := setup(t, feed())
			_, err := f.syncer.AddSource(f.ctx, f.owner, f.writeFeed(t, "feed.json", []byte(c.body)))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("AddSource = %v; want an error containing %q", err, c.want)
			}
		})
	}
	f := setup(t, feed())
	res, err := f.syncer.AddSource(f.ctx, f.owner, f.writeFeed(t, "ok.json", []byte(`{"schema_version": 1, "name": "`+strings.Repeat("é", 80)+`", "listings": []}`)))
	if err != nil || res.Error != "" {
		t.Fatalf("an 80-character name is allowed: %v %+v", err, res)
	}
}

func TestEntryGapsAreSkippedWithTheirReason(t *testing.T) {
	f := setup(t, feed())
	field := func(typ string, def any) func(map[string]any) {
		return func(e map[string]any) {
			fl := map[string]any{"key": "f", "label": "F", "type": typ, "default": def}
			if typ == "select" {
				fl["options"] = []map[string]any{{"value": "a", "label": "A"}}
			}
			e["configuration"] = map[string]any{"kind": "form", "fields": []any{fl}}
		}
	}
	invalidUTF8 := strings.Replace(entryJSON(entry("bad-utf8", "Bad \x01 UTF")), `\u0001`, "\xff\xfe", 1)
	listings := []string{
		entryJSON(entry("good-one", "Good One")),
		strings.Replace(entryJSON(entry("lone-high", "Lone High")), "Lone High", `Lone \ud800 High`, 2),
		strings.Replace(entryJSON(entry("lone-low", "Lone Low")), "Lone Low", `Lone \udc00 Low`, 2),
		strings.Replace(entryJSON(entry("with-nul", "With NUL")), "keeps your team", `keeps \u0000 your team`, 1),
		strings.Replace(entryJSON(entry("pair-ok", "Pair X OK")), "Pair X OK", `Pair \ud83d\ude00 OK`, 2),
		entryJSON(entry("secret-default", "Secret Default", field("secret", "hunter2"))),
		entryJSON(entry("number-default", "Number Default", field("number", "ten"))),
		entryJSON(entry("toggle-default", "Toggle Default", field("toggle", "yes"))),
		entryJSON(entry("select-default", "Select Default", field("select", "zzz"))),
		entryJSON(entry("good-default", "Good Default", field("number", 3))),
		invalidUTF8,
		entryJSON(entry("x"+strings.Repeat("i", 100_000), "Huge Id")),
	}
	res, err := f.syncer.AddSource(f.ctx, f.owner, f.writeFeed(t, "feed.json", rawFeed(listings...)))
	if err != nil {
		t.Fatal(err)
	}
	got := skippedBy(res)
	want := map[string]string{
		"lone-high":      "lone surrogate",
		"lone-low":       "lone surrogate",
		"with-nul":       "NUL",
		"secret-default": "not allowed on a secret field",
		"number-default": "must be a number",
		"toggle-default": "must be true or false",
		"select-default": "one of the field's option values",
		"bad-utf8":       "invalid UTF-8",
		"#12":            "must match",
	}
	for entry, reason := range want {
		if !strings.Contains(got[entry], reason) {
			t.Errorf("skipped %s: %q; want a reason containing %q (all: %v)", entry, got[entry], reason, got)
		}
	}
	if res.Added != 3 || len(res.Skipped) != len(want) {
		t.Fatalf("added %d, skipped %d; want 3 and %d: %+v", res.Added, len(res.Skipped), len(want), got)
	}
	if r := got["#12"]; utf8.RuneCountInString(r) > maxSkipReason {
		t.Fatalf("a huge id is repeated in the reason (%d characters)", utf8.RuneCountInString(r))
	}
}

func TestOverSizeEntryIsSkippedAndItsNeighboursKept(t *testing.T) {
	f := setup(t, feed())
	big := entryJSON(entry("big-one", "Big One", func(e map[string]any) { e["description"] = strings.Repeat("x", 2<<20) }))
	hugeID := strings.Replace(entryJSON(entry("placeholder", "Huge Id")), `"id":"placeholder"`, `"id":"`+strings.Repeat("h", 5<<20)+`"`, 1)
	path := f.writeFeed(t, "feed.json", rawFeed(entryJSON(entry("before", "Before")), big, hugeID, entryJSON(entry("after", "After"))))
	res, err := f.syncer.AddSource(f.ctx, f.owner, path)
	if err != nil {
		t.Fatal(err)
	}
	got := skippedBy(res)
	if res.Added != 2 || !strings.Contains(got["big-one"], "over the 1048576-byte (1 MiB) limit") || !strings.Contains(got["#3"], "1 MiB") {
		t.Fatalf("result %+v, skipped %v", res, got)
	}
}

func TestSkipReportIsClipped(t *testing.T) {
	f := setup(t, feed())
	var listings []string
	for i := range 150 {
		listings = append(listings, entryJSON(entry(fmt.Sprintf("bad-%d", i), "Bad", func(e map[string]any) {
			e["type"] = strings.Repeat("T", 5000)
		})))
	}
	res, err := f.syncer.AddSource(f.ctx, f.owner, f.writeFeed(t, "bad.json", rawFeed(listings...)))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Skipped) != maxReportedSkips || res.SkippedMore != 50 || res.SkippedCount() != 150 {
		t.Fatalf("skipped %d named + %d more; want 100 + 50", len(res.Skipped), res.SkippedMore)
	}
	for _, p := range res.Skipped {
		if utf8.RuneCountInString(p.Reason) > maxSkipReason || utf8.RuneCountInString(p.Entry) > maxEntryLabel {
			t.Fatalf("not clipped: %d / %d characters", utf8.RuneCountInString(p.Entry), utf8.RuneCountInString(p.Reason))
		}
	}
}

func TestGzipFileFeedIsReadAndCappedOnceDecompressed(t *testing.T) {
	f := setup(t, feed())
	var small bytes.Buffer
	zw := gzip.NewWriter(&small)
	zw.Write(feed(entry("zipped", "Zipped One")))
	zw.Close()
	res, err := f.syncer.AddSource(f.ctx, f.owner, f.writeFeed(t, "feed.json.gz", small.Bytes()))
	if err != nil || res.Added != 1 {
		t.Fatalf("a gzip feed file: %v %+v", err, res)
	}
	var bomb bytes.Buffer
	zw, _ = gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	zw.Write([]byte(`{"schema_version": 1, "listings": [`))
	zeros := make([]byte, 1<<20)
	for i := range zeros {
		zeros[i] = ' '
	}
	for range 260 {
		zw.Write(zeros)
	}
	zw.Close()
	start := time.Now()
	_, err = f.syncer.AddSource(f.ctx, f.owner, f.writeFeed(t, "bomb.json.gz", bomb.Bytes()))
	if err == nil || !strings.Contains(err.Error(), "larger than 256 MiB once decompressed") {
		t.Fatalf("a gzip bomb: %v", err)
	}
	t.Logf("a %d-byte bomb refused in %s", bomb.Len(), time.Since(start))
}

func TestFeedTimeoutSetting(t *testing.T) {
	for raw, want := range map[string]time.Duration{"": FetchTimeout, "2s": 2 * time.Second, "1.5": 1500 * time.Millisecond, "nonsense": FetchTimeout, "-3s": FetchTimeout} {
		t.Setenv(FeedTimeoutEnv, raw)
		if got := feedTimeout(); got != want {
			t.Errorf("%s=%q: %s, want %s", FeedTimeoutEnv, raw, got, want)
		}
	}
	// A body that never ends is cut by the clock, with a message naming it.
	t.Setenv(FeedTimeoutEnv, "300ms")
	clock := newFetchClock()
	body, err := feedBody(drip{}, clock)
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	start := time.Now()
	_, err = newFeedReader(body)
	if err == nil || !strings.Contains(err.Error(), "took longer than 300ms") || time.Since(start) > 5*time.Second {
		t.Fatalf("an endless body: %v after %s", err, time.Since(start))
	}
}

// drip is a body that never ends: a few spaces at a time.
type drip struct{}

func (drip) Read(p []byte) (int, error) {
	time.Sleep(time.Millisecond)
	n := min(len(p), 16)
	for i := range n {
		p[i] = ' '
	}
	return n, nil
}

func (drip) Close() error { return nil }

// readAll runs the feed reader over doc and returns the labels of its entries.
func readAll(doc string) ([]string, error) {
	fr, err := newFeedReader(strings.NewReader(doc))
	if err != nil {
		return nil, err
	}
	var labels []string
	for {
		e, err := fr.next()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return labels, nil
			}
			return labels, err
		}
		if e.raw != nil && !json.Valid(e.raw) {
			return labels, fmt.Errorf("entry %d kept as invalid JSON: %s", e.index, e.raw)
		}
		labels = append(labels, e.label())
	}
}

func TestScannerReadsWellFormedFeedsAndRefusesBrokenOnes(t *testing.T) {
	good := map[string]string{
		"extra header values": `{"schema_version":1,"x":{"a":[1,2.5e3,true,null,{"b":"q\"}]"}]},"name":"N \u00e9","listings":[{"id":"a"}],"after":[{}]}`,
		"escaped id":          "{\"schema_version\" : 1 ,\n\t\"listings\" : [ {\"id\":\"\\u0061b\"} , {\"note\":\"\\\\\\\"\",\"id\":\"c\"} ] }\r\n",
		"no id":               `{"schema_version": 1, "listings": [{"name": "x"}, 5, "s"]}`,
		"empty listings":      `{"schema_version": 1, "listings": []}`,
	}
	want := map[string]string{"extra header values": "a", "escaped id": "ab,c", "no id": "#1,#2,#3", "empty listings": ""}
	for name, doc := range good {
		labels, err := readAll(doc)
		if err != nil || strings.Join(labels, ",") != want[name] {
			t.Errorf("%s: %v %v; want %s", name, labels, err, want[name])
		}
	}
	bad := map[string]string{
		"missing comma":        `{"schema_version": 1, "listings": [{} {}]}`,
		"missing header comma": `{"schema_version": 1 "listings": []}`,
		"data after":           `{"schema_version": 1, "listings": []} x`,
		"control character":    "{\"schema_version\": 1, \"listings\": [{\"id\": \"a\tb\"}]}",
		"bad escape":           `{"schema_version": 1, "listings": [{"id": "a\qb"}]}`,
		"unclosed":             `{"schema_version": 1, "listings": [{"id": "a"}`,
		"mismatched":           `{"schema_version": 1, "listings": [{"id": "a"]]}`,
	}
	for name, doc := range bad {
		if _, err := readAll(doc); err == nil {
			t.Errorf("%s: read without an error", name)
		}
	}
}
