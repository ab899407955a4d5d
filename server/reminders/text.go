package reminders

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"marketdesk/server/db/store"
)

// maxListed keeps a reminder readable in a chat channel; the rest are
// counted (GET /api/v1/approvals/reminders lists them all).
const maxListed = 20

// reminderText is the daily message: one line per pre-approval, soonest
// first, with whom it is for and the day it lapses (UTC).
func reminderText(rows []store.UnremindedExpiringRow, now time.Time, within time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Marketdesk: %d pre-approval%s lapse%s within %d days; renew those still needed:",
		len(rows), plural(len(rows), "s", ""), plural(len(rows), "", "s"), int(within.Hours()/24))
	for i, r := range rows {
		if i == maxListed {
			fmt.Fprintf(&b, "\n• and %d more", len(rows)-maxListed)
			break
		}
		fmt.Fprintf(&b, "\n• %s for %s: lapses %s (%s)", r.ListingID, forWhom(r), r.ExpiresAt.UTC().Format("Mon 2 Jan 2006 15:04 UTC"), inDays(r.ExpiresAt.Sub(now)))
	}
	return b.String()
}

func forWhom(r store.UnremindedExpiringRow) string {
	if r.Scope == "account" {
		return "the account"
	}
	if r.UserName != "" {
		return r.UserName + " (" + r.UserEmail + ")"
	}
	return r.UserEmail
}

func inDays(d time.Duration) string {
	switch days := int(d.Hours() / 24); days {
	case 0:
		return "within a day"
	case 1:
		return "in 1 day"
	default:
		return fmt.Sprintf("in %d days", days)
	}
}

func plural(n int, many, one string) string {
	if n == 1 {
		return one
	}
	return many
}

// lapseData is approvals.changed's data for a lapse: which pre-approval (or
// block), and that it lapsed (as a revocation says "revoked").
func lapseData(r store.UnannouncedLapsesRow) (json.RawMessage, error) {
	d := map[string]any{"id": r.ID, "listing_id": r.ListingID, "scope": r.Scope, "expires_at": r.ExpiresAt.UTC(), "lapsed": true}
	if r.UserID.Valid {
		d["user_id"] = r.UserID.Int64
	}
	return json.Marshal(d)
}
