package catalog

import (
	"context"
	"testing"

	"marketdesk/app/netguard"
	"marketdesk/app/netguard/netguardtest"
)

// Every kind of source maps to one origin class, the same for its feed,
// assets, authorization servers and notices: a feed file and the embedded
// catalog are this machine, a feed URL is as public as its address, and
// anything unknown is public (the strictest).
func TestSourceOriginOfEveryKindOfSource(t *testing.T) {
	ctx := context.Background()
	classes := map[string]netguard.Class{"127.0.0.2": netguard.Private, "127.0.0.3": netguard.Public}
	client := netguardtest.Guard(nil, classes, netguardtest.Hosts{"intranet.example": "127.0.0.2"}).Client()
	for location, want := range map[string]netguard.Class{
		EmbeddedLocation:                     netguard.Loopback,
		"/srv/feeds/catalog.json":            netguard.Loopback,
		"https://127.0.0.2/feed.json":        netguard.Private,
		"https://intranet.example/feed.json": netguard.Private,
		"https://127.0.0.3/feed.json":        netguard.Public,
		"https://unknown.example/feed.json":  netguard.Public, // does not resolve
		"":                                   netguard.Public, // an installation from before 0009 without a source
		"relative/catalog.json":              netguard.Public,
		"http://127.0.0.2/feed.json":         netguard.Public,
	} {
		if got := SourceOrigin(ctx, client, location); got != want {
			t.Errorf("SourceOrigin(%q) = %s, want %s", location, got, want)
		}
	}
	if got := netguard.OriginFrom(WithSourceOrigin(ctx, client, "https://127.0.0.2/feed.json")); got != netguard.Private {
		t.Errorf("WithSourceOrigin carries %s", got)
	}
}
