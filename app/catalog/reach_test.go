package catalog

import (
	"context"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"syscall"
	"testing"

	"marketdesk/app/apperr"
)

func TestReachProblemSaysWhatToCheck(t *testing.T) {
	tests := []struct {
		name  string
		cause error
		want  string
	}{
		{"no such host", &net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host", Name: "feeds.example.org", Server: "127.0.0.53:53", IsNotFound: true}}, "there is no server by that name. Check the address."},
		{"resolver down", &net.DNSError{Err: "server misbehaving", Name: "feeds.example.org", IsTemporary: true}, "its name could not be looked up. Check your network connection."},
		{"refused", &net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, "the server refused the connection. Check the address, or try again later."},
		{"timeout", fmt.Errorf("get: %w", context.DeadlineExceeded), "the server did not answer in time. Check your network connection, or try again later."},
		{"unknown authority", fmt.Errorf("tls: %w", x509.UnknownAuthorityError{}), "its certificate is not valid for this address, so the connection is not safe. Ask the feed's publisher to fix it."},
		{"other", fmt.Errorf("EOF"), "the connection failed. Check your network connection, or try again later."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := reachProblem(tt.cause); got != tt.want {
				t.Fatalf("reachProblem = %q, want %q", got, tt.want)
			}
		})
	}
	err := &OfflineError{Location: "https://feeds.example.org/team/catalog.json", Cause: tests[0].cause}
	if got := err.Error(); got != "Could not reach feeds.example.org: there is no server by that name. Check the address." {
		t.Fatalf("OfflineError = %q", got)
	}
}

// Adding a feed whose server is down says so once, by host, with the fix;
// no URL twice, no socket words.
func TestAddingAnUnreachableFeedSaysWhyInWords(t *testing.T) {
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	f := setup(t, feed(entry("alpha", "Alpha Notes")))
	f.syncer.fetch.client = srv.Client()
	location := srv.URL + "/feed.json"
	srv.Close()
	_, err := f.syncer.AddSource(f.ctx, f.owner, location)
	host := strings.TrimPrefix(strings.Split(srv.URL, ":")[1], "//")
	want := "Could not reach " + host + ": the server refused the connection. Check the address, or try again later."
	if apperr.CodeOf(err) != apperr.Unavailable || err.Error() != want {
		t.Fatalf("AddSource = %v (%s); want %q", err, apperr.CodeOf(err), want)
	}
	if strings.Contains(err.Error(), "dial") || strings.Count(err.Error(), srv.URL) > 0 {
		t.Fatalf("socket words or the URL in %q", err)
	}
}
