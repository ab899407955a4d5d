package api

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"marketdesk/app/apperr"
)

// This file lets route packages answer the way the API does (one writer
// for every slice: server/auth, policy, catalogsrv, events, notices) and adds
// the codes they need beside api.go's.

// RateLimited is the code of a request refused because its caller made too
// many of its kind recently; the API answers 429 with Retry-After.
const RateLimited apperr.Code = "rate_limited"

// Blocked is the code of an action on an app a manager blocked; the API
// answers 403, and the body carries the block's message and link.
const Blocked apperr.Code = "blocked"

func init() {
	statusOf[RateLimited] = http.StatusTooManyRequests
	statusOf[Blocked] = http.StatusForbidden
}

// RateLimitError is a RateLimited error that says when to try again.
type RateLimitError struct {
	Message    string
	RetryAfter time.Duration
}

func (e *RateLimitError) Error() string        { return e.Message }
func (e *RateLimitError) AppCode() apperr.Code { return RateLimited }

// WriteError answers with err as an ErrorBody, exactly as the API does for
// its own errors (internal ones logged, their text hidden). A
// *RateLimitError also sets Retry-After, in whole seconds.
func WriteError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	if rl, ok := err.(*RateLimitError); ok {
		secs := int((rl.RetryAfter + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
	} else if apperr.CodeOf(err) == apperr.Unavailable {
		w.Header().Set("Retry-After", "2") // PostgreSQL or a dependency is back in seconds, usually
	}
	writeError(w, r, log, err)
}

// WriteJSON answers status with body as JSON, not cached.
func WriteJSON(w http.ResponseWriter, status int, body any) { writeJSON(w, status, body) }
