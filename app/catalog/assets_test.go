package catalog

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func get(t *testing.T, h http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

func TestAssetsFromEmbeddedAndLocalFeeds(t *testing.T) {
	f := setup(t, feed(entry("aa", "Alpha App", func(e map[string]any) { e["icon"] = "icons/a.svg" })))
	f.syncer.SyncAll(f.ctx)
	f.writeFeed(t, "local.svg", []byte("<svg xmlns='http://www.w3.org/2000/svg'><rect/></svg>"))
	path := f.writeFeed(t, "local.json", feed(entry("loc", "Local App", func(e map[string]any) {
		e["icon"] = "local.svg"
		e["screenshots"] = []map[string]any{{"url": "local.svg", "caption": "one"}}
	})))
	if _, err := f.syncer.AddSource(f.ctx, f.owner, path); err != nil {
		t.Fatal(err)
	}
	assets := NewAssets(f.db, f.syncer.fetch.embedded, nil, time.Now)
	for _, p := range []string{"/catalog-assets/icon/aa", "/catalog-assets/icon/loc", "/catalog-assets/screenshot/loc/0"} {
		rec := get(t, assets, p)
		if rec.Code != 200 || rec.Header().Get("Content-Type") != "image/svg+xml" || !strings.Contains(rec.Header().Get("Content-Security-Policy"), "sandbox") {
			t.Errorf("%s: %d %v", p, rec.Code, rec.Header())
		}
	}
	for _, p := range []string{"/catalog-assets/icon/nope", "/catalog-assets/screenshot/loc/1", "/catalog-assets/screenshot/loc/x", "/catalog-assets/other/aa", "/elsewhere"} {
		if rec := get(t, assets, p); rec.Code != 404 {
			t.Errorf("%s: %d, want 404", p, rec.Code)
		}
	}
}

func TestRemoteIconsArePrefetchedAndServedOffline(t *testing.T) {
	var iconHits atomic.Int32
	var feedBody []byte
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.json":
			w.Write(feedBody)
		case "/r1.png":
			iconHits.Add(1)
			w.Header().Set("Content-Type", "image/png")
			w.Write([]byte("\x89PNG\r\n\x1a\n fake"))
		case "/page.html":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<script>alert(1)</script>"))
		}
	}))
	remote := func(id, icon string) map[string]any {
		return entry(id, "Remote "+id, func(e map[string]any) {
			e["icon"] = srv.URL + icon
			e["oauth"] = map[string]any{"issuer": "https://as.example", "client_id": id}
		})
	}
	feedBody = feed(remote("r1", "/r1.png"), remote("r2", "/page.html"))
	f := setup(t, feed())
	f.syncer.fetch.client = srv.Client()
	assets := NewAssets(f.db, nil, srv.Client(), time.Now)
	f.syncer.PrefetchIconsWith(assets)
	if _, err := f.syncer.AddSource(f.ctx, f.owner, srv.URL+"/feed.json"); err != nil {
		t.Fatal(err)
	}
	if iconHits.Load() != 1 {
		t.Fatalf("icon downloads after sync = %d, want 1", iconHits.Load())
	}
	srv.Close() // offline from here on
	rec := get(t, assets, "/catalog-assets/icon/r1")
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "image/png" {
		t.Fatalf("cached icon offline: %d %v", rec.Code, rec.Header())
	}
	if rec := get(t, assets, "/catalog-assets/icon/r2"); rec.Code != 404 {
		t.Fatalf("an HTML 'icon' must not be served: %d", rec.Code)
	}
}
