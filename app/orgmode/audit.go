package orgmode

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"time"

	"marketdesk/app/audit"
)

// serverAuditPage is GET /api/v1/audit as the server sends it.
type serverAuditPage struct {
	Entries []struct {
		ID         int64           `json:"id"`
		At         time.Time       `json:"at"`
		ActorID    *int64          `json:"actor_id"`
		ActorName  string          `json:"actor_name"`
		ActorEmail string          `json:"actor_email"`
		Action     string          `json:"action"`
		Target     string          `json:"target"`
		Details    json.RawMessage `json:"details"`
	} `json:"entries"`
	NextBeforeID int64 `json:"next_before_id"`
}

// Audit reads the organization's audit log, newest first, page by page,
// keeping the entries f matches (the server pages; the desktop filters as
// the local log does). The server refuses people who do not administer
// the account. It needs the server: an old copy of an audit log is not
// something to show as current.
func (s *Service) Audit(ctx context.Context, f audit.Filter) ([]audit.Entry, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 500
	}
	limit = min(limit, 10000)
	c, err := s.conn.Client(ctx)
	if err != nil {
		return nil, err
	}
	var out []audit.Entry
	for before := int64(0); len(out) < limit; {
		q := url.Values{"limit": {"500"}}
		if before > 0 {
			q.Set("before_id", strconv.FormatInt(before, 10))
		}
		var page serverAuditPage
		if err := c.GetJSON(ctx, "/api/v1/audit?"+q.Encode(), &page); err != nil {
			return nil, s.needsServer(err)
		}
		for _, e := range page.Entries {
			entry := audit.Entry{ID: e.ID, At: stamp(e.At), ActorName: e.ActorName, ActorEmail: e.ActorEmail,
				Action: e.Action, Target: e.Target, Details: string(e.Details)}
			if e.ActorID != nil {
				entry.ActorID = *e.ActorID
			}
			if matches(f, entry) && len(out) < limit {
				out = append(out, entry)
			}
		}
		if page.NextBeforeID == 0 {
			break
		}
		before = page.NextBeforeID
	}
	return out, nil
}

// matches applies the local log's filter: action prefix, actor and target
// substrings, case-insensitively.
func matches(f audit.Filter, e audit.Entry) bool {
	has := func(s, part string) bool { return strings.Contains(strings.ToLower(s), strings.ToLower(part)) }
	return strings.HasPrefix(e.Action, f.Action) &&
		(f.Actor == "" || has(e.ActorName, f.Actor) || has(e.ActorEmail, f.Actor)) &&
		(f.Target == "" || has(e.Target, f.Target))
}
