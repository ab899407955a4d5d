//go:build unix

package catalog

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"marketdesk/app/netguard"
	"marketdesk/app/netguard/netguardtest"
)

var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

// A file feed's icons and screenshots: each hostile reference gives a 404
// and none of the file's bytes; the legit icon next to the feed still works.
func TestFileFeedAssetsCannotReadFilesOutsideTheFeedFolder(t *testing.T) {
	f := setup(t, feed())
	dir := filepath.Join(f.dir, "feed")
	must(t, os.Mkdir(dir, 0o700))
	secret := append(append([]byte{}, pngBytes...), []byte("SECRET-KEY-MATERIAL")...)
	must(t, os.WriteFile(filepath.Join(f.dir, "secret.png"), secret, 0o600))
	must(t, os.WriteFile(filepath.Join(dir, "ok.png"), pngBytes, 0o600))
	must(t, os.WriteFile(filepath.Join(dir, "script.png"), []byte("#!/bin/sh\necho SECRET-KEY-MATERIAL\n"), 0o600))
	must(t, os.WriteFile(filepath.Join(dir, "big.png"), append(append([]byte{}, pngBytes...), make([]byte, MaxAssetBytes)...), 0o600))
	must(t, os.Symlink(filepath.Join(f.dir, "secret.png"), filepath.Join(dir, "link.png")))
	must(t, os.Symlink("/dev/zero", filepath.Join(dir, "zero.png")))
	must(t, os.Mkdir(filepath.Join(dir, "folder.png"), 0o700))
	must(t, syscall.Mkfifo(filepath.Join(dir, "pipe.png"), 0o600))

	attacks := map[string]string{
		"etc-passwd":   "file:/etc/passwd",
		"etc-shadow":   "file:///etc/shadow",
		"dotdot":       "file:../secret.png",
		"abs-outside":  "file:" + filepath.Join(f.dir, "secret.png"),
		"symlink-out":  "link.png",
		"dev-zero":     "file:/dev/zero",
		"link-to-zero": "zero.png",
		"fifo":         "file:pipe.png",
		"folder":       "folder.png",
		"not-an-image": "script.png",
		"oversize":     "big.png",
	}
	entries := []map[string]any{
		entry("legit", "Legit", func(e map[string]any) { e["icon"] = "ok.png" }),
		entry("legit-abs", "Legit Absolute", func(e map[string]any) { e["icon"] = "file:" + filepath.Join(dir, "ok.png") }),
	}
	for id, ref := range attacks {
		entries = append(entries, entry(id, "Attack "+id, func(e map[string]any) {
			e["icon"] = ref
			e["screenshots"] = []map[string]any{{"url": ref, "caption": "shot"}}
		}))
	}
	path := filepath.Join(dir, "feed.json")
	must(t, os.WriteFile(path, feed(entries...), 0o600))
	res, err := f.syncer.AddSource(f.ctx, f.owner, path)
	if err != nil || len(res.Skipped) != 0 {
		t.Fatalf("AddSource: %v %+v", err, res)
	}
	assets := NewAssets(f.db, nil, nil, time.Now)
	for _, id := range []string{"legit", "legit-abs"} {
		if rec := get(t, assets, "/catalog-assets/icon/"+id); rec.Code != 200 || rec.Header().Get("Content-Type") != "image/png" || !bytes.Equal(rec.Body.Bytes(), pngBytes) {
			t.Errorf("%s: the icon next to the feed must be served: %d %v", id, rec.Code, rec.Header())
		}
	}
	for id, ref := range attacks {
		for _, p := range []string{"/catalog-assets/icon/" + id, "/catalog-assets/screenshot/" + id + "/0"} {
			rec := getWithin(t, assets, p, 5*time.Second)
			if rec.Code != 404 || strings.Contains(rec.Body.String(), "SECRET") || strings.Contains(rec.Body.String(), "root:") || bytes.Contains(rec.Body.Bytes(), []byte{0, 0, 0, 0}) {
				t.Errorf("%s (%s): %d, %d bytes, want 404 and none of the file", p, ref, rec.Code, rec.Body.Len())
			}
		}
	}
}

// getWithin fails the test instead of hanging when the handler blocks (a FIFO).
func getWithin(t *testing.T, h http.Handler, path string, limit time.Duration) *httptest.ResponseRecorder {
	t.Helper()
	done := make(chan *httptest.ResponseRecorder, 1)
	go func() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		done <- rec
	}()
	select {
	case rec := <-done:
		return rec
	case <-time.After(limit):
		t.Fatalf("%s did not answer within %s (blocked on a FIFO?)", path, limit)
		return nil
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestSniffImage(t *testing.T) {
	for in, want := range map[string]string{
		string(pngBytes): "image/png", "\xFF\xD8\xFF\xE0": "image/jpeg", "GIF89a..": "image/gif", "RIFF\x00\x00\x00\x00WEBPVP8 ": "image/webp",
		"<svg xmlns='http://www.w3.org/2000/svg'/>":                                   "image/svg+xml",
		"\uFEFF<?xml version=\"1.0\"?>\n<!-- made by hand -->\n<!DOCTYPE svg>\n<svg>": "image/svg+xml",
		"<html><svg></svg></html>":                                                    "", "<svgfoo>": "", "#!/bin/sh": "", "": "", "<?xml version='1.0'?><script/>": "",
	} {
		if got := sniffImage([]byte(in)); got != want {
			t.Errorf("sniffImage(%q) = %q, want %q", in, got, want)
		}
	}
}

// remoteFeed serves a feed whose icons point at the paths given, from
// 127.0.0.1 (the classes say whether that counts as public or intranet).
func remoteFeed(t *testing.T, icons map[string]string, handle func(w http.ResponseWriter, r *http.Request) bool) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	srv = netguardtest.TLSServerOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/feed.json" {
			var entries []map[string]any
			for id, icon := range icons {
				if strings.HasPrefix(icon, "/") {
					icon = srv.URL + icon
				}
				entries = append(entries, entry(id, "Remote "+id, func(e map[string]any) {
					e["icon"] = icon
					e["oauth"] = map[string]any{"issuer": "https://as.example", "client_id": id}
				}))
			}
			w.Write(feed(entries...))
			return
		}
		if !handle(w, r) {
			http.NotFound(w, r)
		}
	}))
	return srv
}

func TestPublicFeedCannotMakeTheDesktopFetchIntranetOrLoopbackAddresses(t *testing.T) {
	var privHits, loopHits atomic.Int32
	priv := netguardtest.TLSServerOn(t, "127.0.0.2", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		privHits.Add(1)
		w.Write(pngBytes)
	}))
	loop := netguardtest.TLSServerOn(t, "127.0.0.3", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		loopHits.Add(1)
		w.Write(pngBytes)
	}))
	privURL := "https://example.com" + priv.URL[strings.LastIndex(priv.URL, ":"):] + "/icon.png"
	pub := remoteFeed(t, map[string]string{"redirected": "/to-intranet.png", "direct": loop.URL + "/icon.png", "fake": "/fake.png"},
		func(w http.ResponseWriter, r *http.Request) bool {
			switch r.URL.Path {
			case "/to-intranet.png":
				http.Redirect(w, r, privURL, http.StatusFound)
			case "/fake.png":
				w.Header().Set("Content-Type", "image/png") // the header lies; the content is a page
				w.Write([]byte("<html><script>alert(1)</script>"))
			default:
				return false
			}
			return true
		})
	g := netguardtest.Guard(nil, map[string]netguard.Class{"127.0.0.1": netguard.Public, "127.0.0.2": netguard.Private},
		netguardtest.Hosts{"example.com": "127.0.0.2"}, pub, priv, loop)
	f := setup(t, feed())
	f.syncer.fetch.client = g.Client()
	assets := NewAssets(f.db, nil, g.Client(), time.Now)
	f.syncer.PrefetchIconsWith(assets)
	if _, err := f.syncer.AddSource(f.ctx, f.owner, pub.URL+"/feed.json"); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"redirected", "direct", "fake"} {
		if rec := get(t, assets, "/catalog-assets/icon/"+id); rec.Code != 404 {
			t.Errorf("%s: %d, want 404", id, rec.Code)
		}
	}
	if privHits.Load() != 0 || loopHits.Load() != 0 {
		t.Fatalf("a public feed reached the intranet (%d) or loopback (%d) server", privHits.Load(), loopHits.Load())
	}
}

func TestIntranetFeedKeepsItsOwnIcons(t *testing.T) {
	srv := remoteFeed(t, map[string]string{"own": "/own.png"}, func(w http.ResponseWriter, r *http.Request) bool {
		w.Header().Set("Content-Type", "image/png")
		w.Write(pngBytes)
		return r.URL.Path == "/own.png"
	})
	g := netguardtest.Guard(nil, map[string]netguard.Class{"127.0.0.1": netguard.Private}, nil, srv)
	f := setup(t, feed())
	f.syncer.fetch.client = g.Client()
	assets := NewAssets(f.db, nil, g.Client(), time.Now)
	if _, err := f.syncer.AddSource(f.ctx, f.owner, srv.URL+"/feed.json"); err != nil {
		t.Fatal(err)
	}
	if rec := get(t, assets, "/catalog-assets/icon/own"); rec.Code != 200 || rec.Header().Get("Content-Type") != "image/png" {
		t.Fatalf("an intranet feed's own icon: %d %v", rec.Code, rec.Header())
	}
}

func TestFeedRedirectThatLeavesHTTPSIsRefused(t *testing.T) {
	var plainHits atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		plainHits.Add(1)
		w.Write(feed())
	}))
	defer plain.Close()
	src := netguardtest.TLSServerOn(t, "127.0.0.1", http.RedirectHandler(plain.URL+"/feed.json", http.StatusMovedPermanently))
	g := netguardtest.Guard(nil, netguardtest.LoopbackIsPublic, nil, src)
	f := setup(t, feed())
	f.syncer.fetch.client = g.Client()
	_, err := f.syncer.AddSource(f.ctx, f.owner, src.URL+"/feed.json")
	if err == nil || !strings.Contains(err.Error(), "refused") || plainHits.Load() != 0 {
		t.Fatalf("feed redirected to http: %v (plain server hits %d)", err, plainHits.Load())
	}
}

func TestPublicFeedRedirectToAnIntranetAddressIsRefused(t *testing.T) {
	var privHits atomic.Int32
	priv := netguardtest.TLSServerOn(t, "127.0.0.2", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		privHits.Add(1)
		w.Write(feed())
	}))
	privURL := "https://example.com" + priv.URL[strings.LastIndex(priv.URL, ":"):] + "/feed.json"
	src := netguardtest.TLSServerOn(t, "127.0.0.1", http.RedirectHandler(privURL, http.StatusFound))
	g := netguardtest.Guard(nil, map[string]netguard.Class{"127.0.0.1": netguard.Public, "127.0.0.2": netguard.Private},
		netguardtest.Hosts{"example.com": "127.0.0.2"}, src, priv)
	f := setup(t, feed())
	f.syncer.fetch.client = g.Client()
	if _, err := f.syncer.AddSource(f.ctx, f.owner, src.URL+"/feed.json"); err == nil || privHits.Load() != 0 {
		t.Fatalf("public feed redirected to the intranet: %v (hits %d)", err, privHits.Load())
	}
}
