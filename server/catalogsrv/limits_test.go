package catalogsrv_test

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"marketdesk/server/catalogsrv"
)

// The desktop's feed limits hold on the server: a feed that drips past the
// time limit is refused and nothing is added; a gzip feed (by its magic
// bytes, whatever the headers say) is read.
func TestFeedLimitsAreTheDesktops(t *testing.T) {
	t.Setenv("MARKETDESK_FEED_TIMEOUT", "1s")
	o := newOrg(t)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write(feed("Zipped", listing("acme-notes", "Acme Notes")))
	_ = zw.Close()
	// httptest's TLS servers share one certificate, which o.feeds.client trusts.
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/zipped.json" {
			_, _ = w.Write(gz.Bytes())
			return
		}
		_, _ = w.Write([]byte(`{"schema_version": 1, "listings": [`))
		for i := 0; i < 40; i++ { // a drip: a byte every 100 ms
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(100 * time.Millisecond):
			}
			_, _ = w.Write([]byte(" "))
		}
	}))
	defer srv.Close()

	start := time.Now()
	got := call(t, o.api, "POST", "/api/v1/sources", "manager", catalogsrv.NewSource{URL: srv.URL + "/drip.json"})
	if got.status != http.StatusBadRequest || !strings.Contains(string(got.body), "took longer than 1s") {
		t.Errorf("a dripping feed: %d %s; want 400 naming the time limit", got.status, got.body)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("the dripping feed held the request for %s", d)
	}
	got = call(t, o.api, "POST", "/api/v1/sources", "manager", catalogsrv.NewSource{URL: srv.URL + "/zipped.json"})
	var report catalogsrv.SyncReport
	got.decode(t, &report)
	if got.status != http.StatusCreated || report.Added != 1 || report.Source.Name != "Zipped" {
		t.Errorf("a gzip feed: %d %s", got.status, got.body)
	}
}
