package policy

import (
	"context"
	"fmt"
	"time"

	"marketdesk/server/api"
	"marketdesk/server/db/store"
)

// hit counts one action of the user in bucket and refuses it past the
// limit with api.RateLimitError (429, Retry-After). The count lives in
// PostgreSQL so that it holds across replicas: a desktop whose requests a
// load balancer spreads over N replicas gets the limit once, not N times.
func (s *service) hit(ctx context.Context, userID int64, bucket string) error {
	row, err := s.db.Queries.HitRateLimit(ctx, store.HitRateLimitParams{UserID: userID, Bucket: bucket, WindowSeconds: s.window.Seconds()})
	if err != nil {
		return err
	}
	if int(row.Hits) <= s.limit {
		return nil
	}
	return &api.RateLimitError{
		Message:    fmt.Sprintf("too many requests: you may create %d per %s; try again in %d s", s.limit, s.window, row.RetryAfterSeconds),
		RetryAfter: time.Duration(row.RetryAfterSeconds) * time.Second,
	}
}
