package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a log sink the server goroutine and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The binary's run loop: serves the example config on loopback, answers
// discovery with its own issuer, and returns nil after a graceful shutdown.
func TestRunServesAndShutsDown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs syncBuffer
	issuers := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--listen", "127.0.0.1:0", "--config", "../../docs/examples/devidp.json"}, &logs,
			func(issuer string) { issuers <- issuer })
	}()
	var issuer string
	select {
	case issuer = <-issuers:
	case err := <-done:
		t.Fatalf("run ended early: %v\n%s", err, logs.String())
	case <-time.After(10 * time.Second):
		t.Fatal("not ready after 10s")
	}

	resp, err := http.Get(issuer + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Issuer string }
	json.NewDecoder(resp.Body).Decode(&doc)
	resp.Body.Close()
	if doc.Issuer != issuer || !strings.HasPrefix(issuer, "http://127.0.0.1:") {
		t.Errorf("discovery issuer %q, run said %q", doc.Issuer, issuer)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no shutdown after 15s")
	}
	if _, err := http.Get(issuer + "/healthz"); err == nil {
		t.Error("still answering after shutdown")
	}
	if !strings.Contains(logs.String(), "shutting down") {
		t.Errorf("logs: %s", logs.String())
	}
}

func TestRunRefusesBadOptions(t *testing.T) {
	cases := map[string][]string{
		"not loopback":   {"--listen", "0.0.0.0:0", "--config", "../../docs/examples/devidp.json"},
		"no config":      {"--listen", "127.0.0.1:0"},
		"missing config": {"--config", "does-not-exist.json"},
		"bad log level":  {"--config", "../../docs/examples/devidp.json", "--log-level", "loud"},
		"extra argument": {"--config", "../../docs/examples/devidp.json", "serve"},
	}
	for name, args := range cases {
		var logs syncBuffer
		if err := run(context.Background(), args, &logs, func(string) { t.Errorf("%s: started", name) }); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
