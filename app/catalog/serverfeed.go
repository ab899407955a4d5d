package catalog

// Entry points for the organization server (server/catalogsrv), which keeps
// an account's catalog in PostgreSQL. It fetches and reads feeds with the
// desktop's own code (limits, streaming scanner, validation of a URL
// source), so a feed is refused or trimmed on the server exactly as a
// desktop would refuse or trim it, and it serves the result back in the
// feed format for desktops to read again.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"
)

// RemoteFeed is a URL feed opened for reading, or word that it has not
// changed since the ETag / Last-Modified that were sent.
type RemoteFeed struct {
	Body         io.ReadCloser // nil when Unchanged; the caller closes it
	Unchanged    bool
	ETag         string
	LastModified string
}

// FetchRemoteFeed opens the https feed at location as the desktop does for a
// URL source: a conditional request, gzip by magic bytes, the 256 MiB cap
// after decompression and the feed time limit (FeedTimeoutEnv). client
// should be netguard's: it decides which addresses the feed may reach.
func FetchRemoteFeed(ctx context.Context, client *http.Client, location, etag, lastModified string) (RemoteFeed, error) {
	if !strings.HasPrefix(location, "https://") {
		return RemoteFeed{}, &FeedError{fmt.Sprintf("only https:// URLs can be catalog sources, got %q", clip(location))}
	}
	f := &fetcher{client: client}
	got, err := f.open(ctx, sourceRow{Kind: KindURL, Location: location, Etag: etag, LastModified: lastModified})
	if err != nil {
		return RemoteFeed{}, err
	}
	return RemoteFeed{Body: got.body, Unchanged: got.unchanged, ETag: got.etag, LastModified: got.lastModified}, nil
}

// FeedListing is one listing that passed the checks of a URL source,
// re-encoded in the feed format: fixed key order, normalized values, and
// nothing the desktop ignores (developer.verified, unknown keys). The same
// listing always encodes to the same bytes.
type FeedListing struct {
	ID   string
	JSON json.RawMessage
}

// ReadRemoteFeed reads body as the desktop reads a URL source: the header
// first (a bad document fails whole, with a *FeedError), then one listing
// at a time. Listings that pass go to each, in feed order; the others are
// reported in the result (named, clipped, counted) and skipped, as is the
// second listing of an id already seen in this feed. each may refuse a
// listing too, by returning a reason (an id another source already lists),
// and it is reported the same way. label names the source in the report.
// An error from each stops the read and is returned.
func ReadRemoteFeed(body io.Reader, label string, each func(FeedListing) (skip string, err error)) (name string, result SourceResult, err error) {
	result.Source = label
	fr, err := newFeedReader(body)
	if err != nil {
		return "", result, err
	}
	seen := map[string]bool{}
	for {
		entry, err := fr.next()
		if errors.Is(err, io.EOF) {
			return fr.name, result, nil
		}
		if err != nil {
			return "", result, err
		}
		l, reason := checkRemoteEntry(entry)
		switch {
		case reason != "":
			result.skip(l.ID, reason)
		case seen[l.ID]:
			result.skip(l.ID, fmt.Sprintf("the id %q appears twice in this feed; the first one was kept", l.ID))
		default:
			skip, err := each(l)
			if err != nil {
				return "", result, err
			}
			if skip != "" {
				result.skip(l.ID, skip)
				continue
			}
			seen[l.ID] = true
		}
	}
}

// checkRemoteEntry is applyEntry's validation for a URL source. On refusal
// the listing's ID is the entry's label and reason says why.
func checkRemoteEntry(e rawEntry) (FeedListing, string) {
	label := e.label()
	if e.problem != "" {
		return FeedListing{ID: label}, e.problem
	}
	if !utf8.Valid(e.raw) {
		return FeedListing{ID: label}, "the entry contains invalid UTF-8"
	}
	fe, err := decodeEntry(e.raw)
	if fe.ID != "" && utf8.ValidString(fe.ID) && len(fe.ID) <= 64 {
		label = fe.ID
	}
	if err != nil {
		return FeedListing{ID: label}, err.Error()
	}
	row, err := validate(fe, origin{local: false})
	if err != nil {
		return FeedListing{ID: label}, err.Error()
	}
	out, err := json.Marshal(feedFormat(row))
	if err != nil {
		return FeedListing{ID: label}, "the entry cannot be encoded: " + err.Error()
	}
	return FeedListing{ID: row.ID, JSON: out}, ""
}

// ValidListingID reports whether id has the shape of a listing id.
func ValidListingID(id string) bool { return idPattern.MatchString(id) }

// feedOut is a validated listing in the feed format (docs/catalog-feed.md).
type feedOut struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Developer struct {
		Name    string `json:"name"`
		Website string `json:"website"`
	} `json:"developer"`
	Summary       string        `json:"summary"`
	Description   string        `json:"description"`
	Icon          string        `json:"icon"`
	Screenshots   []Screenshot  `json:"screenshots,omitempty"`
	Categories    []string      `json:"categories"`
	Type          string        `json:"type"`
	Scopes        []Scope       `json:"scopes"`
	OAuth         feedOAuthOut  `json:"oauth"`
	Configuration Configuration `json:"configuration"`
	Links         feedLinksOut  `json:"links"`
	Deauth        string        `json:"deauthorization_url,omitempty"`
	Stats         feedStatsOut  `json:"stats"`
	Version       string        `json:"version"`
	PublishedAt   string        `json:"published_at"`
	UpdatedAt     string        `json:"updated_at"`
}

type feedOAuthOut struct {
	ClientID              string `json:"client_id"`
	Issuer                string `json:"issuer,omitempty"`
	AuthorizationEndpoint string `json:"authorization_endpoint,omitempty"`
	TokenEndpoint         string `json:"token_endpoint,omitempty"`
	RevocationEndpoint    string `json:"revocation_endpoint,omitempty"`
	RedirectPath          string `json:"redirect_path"`
}

type feedLinksOut struct {
	PrivacyPolicy string `json:"privacy_policy"`
	Terms         string `json:"terms"`
	Support       string `json:"support,omitempty"`
	Documentation string `json:"documentation,omitempty"`
}

type feedStatsOut struct {
	Installs    int64   `json:"installs"`
	Rating      float64 `json:"rating"`
	RatingCount int64   `json:"rating_count"`
}

func feedFormat(r listingRow) feedOut {
	o := feedOut{ID: r.ID, Name: r.Name, Summary: r.Summary, Description: r.Description, Icon: r.Icon,
		Screenshots: r.Details.Screenshots, Categories: r.Categories, Type: r.Type, Scopes: r.Details.Scopes,
		Configuration: r.Details.Configuration, Deauth: r.Details.DeauthorizationURL,
		Version: r.Version, PublishedAt: r.PublishedAt, UpdatedAt: r.UpdatedAt}
	o.Developer.Name, o.Developer.Website = r.Developer.Name, r.Developer.Website
	a := r.Details.OAuth // never a sandbox app: a URL source cannot list one
	o.OAuth = feedOAuthOut{ClientID: a.ClientID, Issuer: a.Issuer, AuthorizationEndpoint: a.AuthorizationEndpoint,
		TokenEndpoint: a.TokenEndpoint, RevocationEndpoint: a.RevocationEndpoint, RedirectPath: a.RedirectPath}
	l := r.Details.Links
	o.Links = feedLinksOut{PrivacyPolicy: l.PrivacyPolicy, Terms: l.Terms, Support: l.Support, Documentation: l.Documentation}
	o.Stats = feedStatsOut{Installs: r.Stats.Installs, Rating: r.Stats.Rating, RatingCount: r.Stats.RatingCount}
	return o
}
