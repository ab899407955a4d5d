package netguard_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"

	"marketdesk/app/apperr"
	"marketdesk/app/netguard"
	"marketdesk/app/netguard/netguardtest"
)

// counting serves 200 "ok" and counts requests.
func counting(hits *atomic.Int32) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte("ok"))
	})
}

func TestBrowserMayOpenOnlyHTTPSAndTheSandbox(t *testing.T) {
	sandbox := "http://127.0.0.1:4000"
	g := netguard.New(netguard.Config{Sandbox: func() string { return sandbox }})
	for _, ok := range []string{"https://as.example/authorize?client_id=x&state=y", "HTTPS://as.example/", sandbox + "/authorize?x=1"} {
		if err := g.CheckOpen(ok); err != nil {
			t.Errorf("CheckOpen(%q) = %v, want allowed", ok, err)
		}
	}
	for _, bad := range []string{
		"--renderer-cmd-prefix=xcalc", "-new-window https://a.example", "file:///etc/passwd", "file:/etc/shadow",
		"smb://attacker.example/share", "javascript:alert(1)", "data:text/html,<script>x</script>", "mailto:a@b.example",
		"http://as.example/authorize", "http://127.0.0.1:4001/authorize", "http://localhost:4000/authorize",
		"https://user:pw@as.example/", "https://as.example/\n--x", "https://as.example/ a", "https://as.example\\@evil.example/",
		"https:///path", "https:as.example", "//as.example/x", "", "\x00https://as.example",
	} {
		err := g.CheckOpen(bad)
		var refused *netguard.RefusedURLError
		if !errors.As(err, &refused) || apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("CheckOpen(%q) = %v, want a RefusedURLError", bad, err)
		}
	}
	if err := (*netguard.Guard)(nil).CheckOpen("http://127.0.0.1:4000/"); err == nil {
		t.Error("a nil guard must allow https only")
	}
}

func TestPublicSourceCannotReachLoopbackPrivateOrLinkLocalAddresses(t *testing.T) {
	var pubHits, privHits, loopHits, metaHits atomic.Int32
	pub := netguardtest.TLSServerOn(t, "127.0.0.1", counting(&pubHits))
	priv := netguardtest.TLSServerOn(t, "127.0.0.2", counting(&privHits))
	loop := netguardtest.TLSServerOn(t, "127.0.0.3", counting(&loopHits))
	meta := netguardtest.TLSServerOn(t, "127.0.0.4", counting(&metaHits))
	g := netguardtest.Guard(nil,
		map[string]netguard.Class{"127.0.0.1": netguard.Public, "127.0.0.2": netguard.Private, "127.0.0.4": netguard.Forbidden},
		netguardtest.Hosts{"example.com": "127.0.0.2"}, pub, priv, loop, meta)
	port := func(s *httptest.Server) string { return s.URL[strings.LastIndex(s.URL, ":"):] }
	privURL := "https://example.com" + port(priv) + "/"
	get := func(origin netguard.Class, u string) error {
		req, _ := http.NewRequestWithContext(netguard.WithOrigin(context.Background(), origin), http.MethodGet, u, nil)
		resp, err := g.Client().Do(req)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	var refused *netguard.RefusedAddressError
	for _, u := range []string{privURL, loop.URL, meta.URL} {
		if err := get(netguard.Public, u); !errors.As(err, &refused) {
			t.Errorf("public source reached %s: %v", u, err)
		}
	}
	// A request that names no origin counts as public.
	if _, err := g.Client().Get(privURL); !errors.As(err, &refused) {
		t.Errorf("a request without an origin reached a private address: %v", err)
	}
	if err := get(netguard.Private, meta.URL); !errors.As(err, &refused) {
		t.Errorf("link-local must be unreachable even from an intranet source: %v", err)
	}
	if err := get(netguard.Loopback, meta.URL); !errors.As(err, &refused) {
		t.Errorf("link-local must be unreachable even from a local source: %v", err)
	}
	if privHits.Load()+loopHits.Load()+metaHits.Load() != 0 {
		t.Fatalf("refused servers saw requests: private %d, loopback %d, link-local %d", privHits.Load(), loopHits.Load(), metaHits.Load())
	}
	// What is allowed still works: public from anywhere, an intranet source its intranet.
	if err := get(netguard.Public, pub.URL); err != nil || pubHits.Load() != 1 {
		t.Fatalf("public source to a public address: %v", err)
	}
	if err := get(netguard.Private, privURL); err != nil || privHits.Load() != 1 {
		t.Fatalf("intranet source to an intranet address: %v", err)
	}
}

// rebinding answers with a public address first (when Marketdesk classifies
// the feed) and a private one when the connection is made.
type rebinding struct{ calls atomic.Int32 }

func (r *rebinding) LookupNetIP(context.Context, string, string) ([]netip.Addr, error) {
	if r.calls.Add(1) == 1 {
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
	}
	return []netip.Addr{netip.MustParseAddr("127.0.0.2")}, nil
}

func TestDNSRebindingCannotReachAPrivateAddress(t *testing.T) {
	var hits atomic.Int32
	priv := netguardtest.TLSServerOn(t, "127.0.0.2", counting(&hits))
	r := &rebinding{}
	g := netguard.New(netguard.Config{Resolver: r, RootCAs: netguardtest.Trusting(priv),
		Classify: netguardtest.Classes(map[string]netguard.Class{"127.0.0.1": netguard.Public, "127.0.0.2": netguard.Private})})
	u := "https://example.com" + priv.URL[strings.LastIndex(priv.URL, ":"):] + "/feed.json"
	origin := g.OriginOf(context.Background(), u)
	if origin != netguard.Public {
		t.Fatalf("origin = %v, want public", origin)
	}
	req, _ := http.NewRequestWithContext(netguard.WithOrigin(context.Background(), origin), http.MethodGet, u, nil)
	_, err := g.Client().Do(req)
	var refused *netguard.RefusedAddressError
	if !errors.As(err, &refused) || hits.Load() != 0 {
		t.Fatalf("rebinding reached the private server: %v (hits %d)", err, hits.Load())
	}
}

func TestRedirectFromHTTPSToHTTPIsNotFollowed(t *testing.T) {
	var plainHits atomic.Int32
	plain := httptest.NewServer(counting(&plainHits))
	defer plain.Close()
	src := httptest.NewTLSServer(http.RedirectHandler(plain.URL+"/feed.json", http.StatusFound))
	defer src.Close()
	// Even the sandbox's own http origin is not a redirect target.
	g := netguardtest.Guard(func() string { return plain.URL }, netguardtest.LoopbackIsPublic, nil, src)
	_, err := g.Client().Get(src.URL)
	if !errors.Is(err, netguard.ErrRedirectLeavesHTTPS) || plainHits.Load() != 0 {
		t.Fatalf("redirect to http: %v (plain server hits %d)", err, plainHits.Load())
	}
}

func TestRedirectFromAPublicSourceToAPrivateAddressIsRefused(t *testing.T) {
	var privHits atomic.Int32
	priv := netguardtest.TLSServerOn(t, "127.0.0.2", counting(&privHits))
	privURL := "https://example.com" + priv.URL[strings.LastIndex(priv.URL, ":"):] + "/"
	pub := netguardtest.TLSServerOn(t, "127.0.0.1", http.RedirectHandler(privURL, http.StatusFound))
	g := netguardtest.Guard(nil, map[string]netguard.Class{"127.0.0.1": netguard.Public, "127.0.0.2": netguard.Private},
		netguardtest.Hosts{"example.com": "127.0.0.2"}, pub, priv)
	_, err := g.Client().Get(pub.URL)
	var refused *netguard.RefusedAddressError
	if !errors.As(err, &refused) || privHits.Load() != 0 {
		t.Fatalf("redirect to a private address: %v (hits %d)", err, privHits.Load())
	}
}

func TestPostIsNeverRedirected(t *testing.T) {
	for _, code := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		var secondHits atomic.Int32
		second := httptest.NewTLSServer(counting(&secondHits))
		first := httptest.NewTLSServer(http.RedirectHandler(second.URL+"/revoke", code))
		g := netguardtest.Guard(nil, netguardtest.LoopbackIsPublic, nil, first, second)
		resp, err := g.Client().Post(first.URL, "application/x-www-form-urlencoded", strings.NewReader("token=secret"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != code || secondHits.Load() != 0 {
			t.Errorf("POST answered %d: got %d, second server hits %d", code, resp.StatusCode, secondHits.Load())
		}
		first.Close()
		second.Close()
	}
}

func TestPlainHTTPReachesOnlyTheSandbox(t *testing.T) {
	var sandboxHits, otherHits atomic.Int32
	sandbox := httptest.NewServer(counting(&sandboxHits))
	defer sandbox.Close()
	other := httptest.NewServer(counting(&otherHits))
	defer other.Close()
	g := netguard.New(netguard.Config{Sandbox: func() string { return sandbox.URL }})
	resp, err := g.Client().Get(sandbox.URL + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var refusedURL *netguard.RefusedURLError
	if _, err := g.Client().Get(other.URL + "/token"); !errors.As(err, &refusedURL) {
		t.Fatalf("plain http to another loopback server: %v", err)
	}
	if sandboxHits.Load() != 1 || otherHits.Load() != 0 {
		t.Fatalf("sandbox hits %d, other hits %d", sandboxHits.Load(), otherHits.Load())
	}
}

func TestClassify(t *testing.T) {
	for addr, want := range map[string]netguard.Class{
		"127.0.0.1": netguard.Loopback, "::1": netguard.Loopback, "0.0.0.0": netguard.Forbidden, "::": netguard.Forbidden,
		"169.254.169.254": netguard.Forbidden, "fe80::1": netguard.Forbidden, "224.0.0.1": netguard.Forbidden,
		"10.1.2.3": netguard.Private, "192.168.1.1": netguard.Private, "172.16.0.1": netguard.Private, "100.64.0.1": netguard.Private,
		"fd00::1": netguard.Private, "::ffff:10.0.0.1": netguard.Private, "::ffff:127.0.0.1": netguard.Loopback,
		"93.184.215.14": netguard.Public, "2606:2800::1": netguard.Public,
	} {
		if got := netguard.Classify(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Classify(%s) = %v, want %v", addr, got, want)
		}
	}
}
