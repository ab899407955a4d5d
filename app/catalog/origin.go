package catalog

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"

	"marketdesk/app/netguard"
)

// SourceOrigin is the origin class (see netguard.Class) of every request
// Marketdesk makes for what a source published: its feed, its icons and
// screenshots, its listings' authorization servers (discovery, token
// exchange, refresh, revocation) and deauthorization endpoints. A feed
// served from the internet cannot make Marketdesk reach the intranet or this
// machine; an intranet feed on a private address keeps using its own
// intranet servers; a feed file and the embedded catalog are on this machine.
//
// location is the source's location as stored (catalog_sources.location, and
// installations.source since 0009); an empty or unknown one is Public, the
// strictest. client is the guarded client (its resolver and classifier
// decide); any other client classifies every feed URL as Public.
func SourceOrigin(ctx context.Context, client *http.Client, location string) netguard.Class {
	switch {
	case strings.HasPrefix(location, "https://"):
		return netguard.Of(client).OriginOf(ctx, location)
	case strings.HasPrefix(location, "embedded:"), filepath.IsAbs(location):
		return netguard.Loopback
	}
	return netguard.Public
}

// WithSourceOrigin marks the requests made with ctx as made for the source at
// location (SourceOrigin).
func WithSourceOrigin(ctx context.Context, client *http.Client, location string) context.Context {
	return netguard.WithOrigin(ctx, SourceOrigin(ctx, client, location))
}
