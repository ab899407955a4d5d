package catalogsrv_test

import (
	"fmt"
	"net/http"
	"testing"

	"marketdesk/server/catalogsrv"
)

// BenchmarkFeedPoll is a desktop's steady-state poll of the merged feed:
// If-None-Match with the current ETag, answered 304 (token check, one
// primary-key read), over loopback HTTP.
func BenchmarkFeedPoll(b *testing.B) {
	o := newOrg(b)
	var entries []any
	for i := 0; i < 200; i++ {
		entries = append(entries, listing(fmt.Sprintf("app-%03d", i), fmt.Sprintf("App %d", i)))
	}
	call(b, o.api, "POST", "/api/v1/sources", "manager", catalogsrv.NewSource{URL: o.feeds.serve("/big.json", feed("Big", entries...))})
	etag := call(b, o.api, "GET", "/api/v1/catalog/feed", "member", nil).header.Get("ETag")
	req, _ := http.NewRequest("GET", o.api.URL+"/api/v1/catalog/feed", nil)
	req.Header.Set("Authorization", "Bearer member")
	req.Header.Set("If-None-Match", etag)
	client := o.api.Client()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotModified {
			b.Fatalf("poll: %d, want 304", resp.StatusCode)
		}
	}
}
