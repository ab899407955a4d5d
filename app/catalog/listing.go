package catalog

import (
	"context"
	"encoding/json"

	"marketdesk/db/store"
)

// Listing returns everything the detail page shows, with the description
// rendered to sanitized HTML.
func (s *Searcher) Listing(ctx context.Context, id string) (Listing, error) {
	l, description, err := s.listing(ctx, id)
	if err == nil {
		l.DescriptionHTML = RenderDescription(description)
	}
	return l, err
}

// App returns a listing as the install and manage code needs it: everything
// but the rendered description, which costs a Markdown render and a sanitize
// pass that nobody there shows.
func (s *Searcher) App(ctx context.Context, id string) (Listing, error) {
	l, _, err := s.listing(ctx, id)
	return l, err
}

func (s *Searcher) listing(ctx context.Context, id string) (Listing, string, error) {
	r, err := store.New(s.reader).GetListing(ctx, id)
	if err != nil {
		return Listing{}, "", notFound(err, "there is no app %q in the catalog", id)
	}
	var cats []string
	var d details
	_ = json.Unmarshal([]byte(r.Categories), &cats) // written by us at import
	_ = json.Unmarshal([]byte(r.Details), &d)
	shots := make([]Screenshot, len(d.Screenshots))
	for i, sc := range d.Screenshots {
		shots[i] = Screenshot{URL: ScreenshotPath(r.ID, i), Caption: sc.Caption}
	}
	source := r.SourceName
	if source == "" {
		source = r.SourceLocation
	}
	l := Listing{
		Card: Card{
			ID: r.ID, Name: r.Name,
			Developer:  Developer{Name: r.DeveloperName, Website: r.DeveloperWebsite, Verified: r.DeveloperVerified != 0},
			Summary:    r.Summary,
			IconURL:    IconPath(r.ID),
			Categories: cats,
			Type:       r.Type,
			Stats:      Stats{Installs: r.Installs, Rating: r.Rating, RatingCount: r.RatingCount},
			UpdatedAt:  r.UpdatedAt, NoLongerListed: r.NoLongerListed != 0,
		},
		Screenshots:        shots,
		Scopes:             nonNil(d.Scopes),
		OAuth:              d.OAuth,
		Configuration:      d.Configuration,
		Links:              d.Links,
		DeauthorizationURL: d.DeauthorizationURL,
		Version:            r.Version,
		ReleaseNotes:       d.ReleaseNotes,
		PublishedAt:        r.PublishedAt,
		SourceName:         source,
		authorization:      Authorization{Source: r.SourceLocation, Server: r.AuthServer, Scopes: r.AuthScopes},
	}
	l.ConsentScopes = consentScopes(l)
	return l, r.Description, nil
}

// Authorization is what a pre-approval and an installation are bound to:
// where the listing comes from (the source's location) and the canonical
// form of its authorization configuration (sandbox flag, issuer, endpoints,
// client id, redirect path) and of its scope names, computed by the
// database (the listing_authorization view of 0009) so that every reader
// agrees. Any difference means the app changed since it was approved.
type Authorization struct {
	Source string
	Server string
	Scopes string
}

// Authorization returns the listing's authorization binding (kept off the
// struct's JSON).
func (l Listing) Authorization() Authorization { return l.authorization }

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
