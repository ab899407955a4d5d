package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"testing"

	"marketdesk/app/netguard"
	"marketdesk/server/config"
)

// The config file's test-rig switches reach the wiring, and only they do:
// with them off, the notices' client refuses a loopback receiver.
func TestTestingSwitchesOpenLoopbackForFeedsAndNotices(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if w := testingWiring(config.Testing{}, log); w.catalog.AllowLoopbackFeeds || w.notices.AllowLoopback || w.notices.Client != nil {
		t.Fatalf("switches off: wiring = %+v, want production's", w)
	}
	w := testingWiring(config.Testing{AllowLoopbackFeeds: true, AllowLoopbackNotices: true}, log)
	if !w.catalog.AllowLoopbackFeeds || !w.notices.AllowLoopback || w.notices.Client == nil {
		t.Fatalf("switches on: wiring = %+v", w)
	}
	// Nothing listens on port 1: the error must be the dial's, not netguard's refusal.
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, "https://127.0.0.1:1/notices", nil)
	_, err := w.notices.Client.Do(req)
	if err == nil || netguard.IsRefusal(err) {
		t.Fatalf("a loopback receiver with allow_loopback_notices: %v, want a connection error", err)
	}
	if _, err := netguard.New(netguard.Config{}).Client().Do(req); !netguard.IsRefusal(err) {
		t.Fatalf("production's client and a loopback receiver: %v, want a refusal", err)
	}
}
