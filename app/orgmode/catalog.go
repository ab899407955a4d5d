package orgmode

import (
	"context"
	"net/http"

	"marketdesk/app/catalog"
)

// FeedPath is the organization's merged catalog feed on its server.
const FeedPath = "/api/v1/catalog/feed"

var _ catalog.OrgFeed = (*Service)(nil)

// FeedLocation is the merged feed's address while connected, else "".
func (s *Service) FeedLocation(ctx context.Context) string {
	if server := s.conn.Server(ctx); server != "" {
		return server + FeedPath
	}
	return ""
}

// Do sends a feed request with the organization's sign-in (renewed as
// needed); the catalog's own code sets If-None-Match and reads the feed.
func (s *Service) Do(req *http.Request) (*http.Response, error) {
	c, err := s.conn.Client(req.Context())
	if err != nil {
		return nil, err
	}
	return c.Do(req)
}

// AllowsPersonalSources is the managed policy's word on one's own sources.
func (s *Service) AllowsPersonalSources() bool { return s.conn.Policy().AllowsPersonalSources() }
