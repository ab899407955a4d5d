package desktop

import (
	"os"

	"marketdesk/app/netguard"
	"regexp"
	"testing"
	"time"
)

func TestInstanceIDIsPerDataDirectory(t *testing.T) {
	a, b := InstanceID("/home/ann/.local/share/marketdesk"), InstanceID("/tmp/other")
	if a == b {
		t.Fatal("two data directories must not share a single-instance lock")
	}
	if a != InstanceID("/home/ann/.local/share/marketdesk") {
		t.Fatal("the same data directory must always give the same lock")
	}
	// Wails turns the id into a D-Bus name: letters, digits, dots, no leading digit per element.
	if !regexp.MustCompile(`^[a-z][a-z0-9]*(\.[a-z][a-z0-9]*)+$`).MatchString(a) {
		t.Fatalf("id %q is not a valid reverse-DNS name", a)
	}
}

func TestBrowserHonoursTheBROWSERVariable(t *testing.T) {
	out := t.TempDir() + "/url"
	script := t.TempDir() + "/browser.sh"
	if err := os.WriteFile(script, []byte("#!/bin/sh\nprintf %s \"$1\" > "+out+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	sandbox := func() string { return "http://127.0.0.1:9" }
	b := Browser{Events: &Events{}, Guard: netguard.New(netguard.Config{Sandbox: sandbox}), Getenv: func(k string) string {
		if k == "BROWSER" {
			return script
		}
		return ""
	}}
	if err := b.Open("http://127.0.0.1:9/authorize?x=1"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100; i++ {
		if got, _ := os.ReadFile(out); string(got) == "http://127.0.0.1:9/authorize?x=1" {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the BROWSER command did not receive the URL")
}
