package httpserver_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"marketdesk/server/httpserver"
)

// logBuffer is a goroutine-safe log sink.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) lines(t *testing.T) []map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(l.buf.Bytes()))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", sc.Text())
		}
		out = append(out, m)
	}
	return out
}

type running struct {
	url    string
	stop   context.CancelFunc
	done   chan error
	logs   *logBuffer
	client *http.Client
}

func start(t *testing.T, h http.Handler, opts httpserver.Options) *running {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	logs := &logBuffer{}
	opts.Logger = slog.New(slog.NewJSONHandler(logs, nil))
	if opts.ShutdownTimeout == 0 {
		opts.ShutdownTimeout = 10 * time.Second
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{url: "http://" + ln.Addr().String(), stop: cancel, done: make(chan error, 1), logs: logs, client: &http.Client{Timeout: 10 * time.Second}}
	go func() { r.done <- httpserver.Run(ctx, ln, h, opts) }()
	t.Cleanup(func() {
		cancel()
		<-r.done
	})
	return r
}

func TestShutdownLetsTheRequestInFlightFinish(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
		io.WriteString(w, "finished")
	})
	srv := start(t, h, httpserver.Options{})
	type result struct {
		body string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		resp, err := srv.client.Get(srv.url + "/slow")
		if err != nil {
			got <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		got <- result{string(b), err}
	}()
	<-entered
	srv.stop() // what SIGTERM does in main
	select {
	case err := <-srv.done:
		t.Fatalf("Run returned %v while a request was still running", err)
	case <-time.After(200 * time.Millisecond):
	}
	if _, err := net.DialTimeout("tcp", strings.TrimPrefix(srv.url, "http://"), time.Second); err == nil {
		t.Error("the listener still accepts connections during shutdown")
	}
	close(release)
	if r := <-got; r.err != nil || r.body != "finished" {
		t.Fatalf("in-flight request = %q, %v; want it to finish", r.body, r.err)
	}
	if err := <-srv.done; err != nil {
		t.Fatalf("Run after a clean shutdown = %v, want nil", err)
	}
	srv.done <- nil // for the cleanup
}

func TestShutdownTimeoutCutsOffAStuckRequest(t *testing.T) {
	entered := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-r.Context().Done() // stuck until the connection is closed
	})
	srv := start(t, h, httpserver.Options{ShutdownTimeout: 100 * time.Millisecond})
	go srv.client.Get(srv.url + "/stuck")
	<-entered
	srv.stop()
	select {
	case err := <-srv.done:
		if err == nil || !strings.Contains(err.Error(), "cut off") {
			t.Fatalf("Run = %v, want the shutdown timeout reported", err)
		}
		srv.done <- nil
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after its shutdown timeout")
	}
}

func TestRequestIDAndAccessLog(t *testing.T) {
	var seen string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = httpserver.RequestID(r.Context())
		w.WriteHeader(http.StatusTeapot)
	})
	srv := start(t, h, httpserver.Options{})

	resp, err := srv.client.Get(srv.url + "/made")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	made := resp.Header.Get(httpserver.RequestIDHeader)
	if len(made) != 24 || made != seen {
		t.Fatalf("made request id header %q, handler saw %q", made, seen)
	}

	for _, c := range []struct{ sent, want string }{
		{"lb-1234.abc", "lb-1234.abc"}, // kept: the load balancer's id
		{"evil\" id with spaces", ""},  // replaced
		{strings.Repeat("a", 65), ""},  // too long: replaced
	} {
		req, _ := http.NewRequest("GET", srv.url+"/given", nil)
		req.Header.Set(httpserver.RequestIDHeader, c.sent)
		resp, err := srv.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got := resp.Header.Get(httpserver.RequestIDHeader)
		if (c.want != "" && got != c.want) || (c.want == "" && (got == c.sent || len(got) != 24)) {
			t.Errorf("sent id %q: answered %q", c.sent, got)
		}
	}

	var access map[string]any
	for _, l := range srv.logs.lines(t) {
		if l["msg"] == "request" && l["path"] == "/made" {
			access = l
		}
	}
	if access == nil || access["request_id"] != made || access["status"] != float64(http.StatusTeapot) || access["method"] != "GET" {
		t.Fatalf("access log line for /made = %v", access)
	}
}

func TestServesHTTPSFromCertFiles(t *testing.T) {
	certFile, keyFile, pool := selfSigned(t)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.TLS == nil {
			t.Error("request arrived without TLS")
		}
		io.WriteString(w, "secure")
	})
	srv := start(t, h, httpserver.Options{TLSCertFile: certFile, TLSKeyFile: keyFile})
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := client.Get(strings.Replace(srv.url, "http://", "https://", 1))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if b, _ := io.ReadAll(resp.Body); string(b) != "secure" {
		t.Fatalf("HTTPS body = %q", b)
	}
	if resp, err := srv.client.Get(srv.url); err == nil && resp.StatusCode == http.StatusOK {
		t.Error("plain HTTP was answered 200 on the TLS listener")
	}
}

func TestMissingCertificateIsAClearError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	err = httpserver.Run(context.Background(), ln, http.NotFoundHandler(), httpserver.Options{
		Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)), TLSCertFile: "/nonexistent/cert.pem", TLSKeyFile: "/nonexistent/key.pem",
	})
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/cert.pem") {
		t.Fatalf("Run with a missing certificate = %v", err)
	}
}

// selfSigned writes a certificate for 127.0.0.1 and its key as PEM files.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "marketdesk-server test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

func TestSuccessfulProbesStayOutOfTheInfoLog(t *testing.T) {
	healthy := true
	var mu sync.Mutex
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if !healthy {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	srv := start(t, h, httpserver.Options{ProbePaths: []string{"/readyz"}})
	probe := func(path string) {
		resp, err := srv.client.Get(srv.url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	probe("/readyz")
	probe("/other")
	mu.Lock()
	healthy = false
	mu.Unlock()
	probe("/readyz")

	var logged []string
	for _, l := range srv.logs.lines(t) {
		if l["msg"] == "request" {
			logged = append(logged, fmt.Sprintf("%v %v", l["path"], l["status"]))
		}
	}
	want := []string{"/other 200", "/readyz 503"}
	if !slices.Equal(logged, want) {
		t.Fatalf("access log at info = %v, want %v (the successful probe at debug only)", logged, want)
	}
}
