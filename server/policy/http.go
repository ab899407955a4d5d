package policy

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"marketdesk/app/apperr"
	"marketdesk/server/api"
	"marketdesk/server/httpserver"
	"marketdesk/server/identity"
)

// maxBody bounds a request body: policy bodies are a few fields.
const maxBody = 64 << 10

// decode reads r's JSON body into v strictly: an unknown field is a typo
// the caller should hear about, not a setting silently ignored.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return apperr.Wrap(apperr.Invalid, err, "the request body is not the JSON this route takes: %v", err)
	}
	return nil
}

// pathID is the {id} of the route's path.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.New(apperr.NotFound, "%q is not an id", r.PathValue("id"))
	}
	return id, nil
}

// queryInt reads an optional non-negative integer query parameter.
func queryInt(r *http.Request, name string, def, maxValue int64) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 || n > maxValue {
		return 0, apperr.New(apperr.Invalid, "%s must be a whole number from 0 to %d, got %q", name, maxValue, v)
	}
	return n, nil
}

func writeJSON(w http.ResponseWriter, status int, body any) { api.WriteJSON(w, status, body) }

// writePolled answers a GET that desktops poll (their policy, their
// requests) with an ETag of the body, and 304 Not Modified when the
// desktop already has it: a poll that finds nothing new costs the query
// but no transfer. private: the body is the caller's; no-cache: always
// revalidated, since a pre-approval can lapse or be revoked at any time.
func writePolled(w http.ResponseWriter, r *http.Request, body any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(b)
	etag := `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "private, no-cache")
	w.Header().Set("Vary", "Authorization")
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(append(b, '\n'))
	return nil
}

// etagMatches reads If-None-Match: "*", or a list of (weak or strong) tags.
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// notFound maps a missing row to a NotFound error with msg; a row of
// another account is missing too, so nobody learns that it exists.
func notFound(err error, format string, args ...any) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return apperr.New(apperr.NotFound, format, args...)
	}
	return err
}

// BlockedError refuses an action on a blocked app with the block's message
// and link, which desktops show instead of a bare "not allowed".
type BlockedError struct {
	ListingID string
	Message   string
	Link      string
}

func (e *BlockedError) Error() string {
	msg := "a marketplace manager blocked this app"
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// AppCode makes the error a typed api.Blocked (403).
func (e *BlockedError) AppCode() apperr.Code { return api.Blocked }

// BlockedBody is the answer to a blocked action: the API's ErrorBody with
// the block beside the code.
type BlockedBody struct {
	Error BlockedDetail `json:"error"`
}

// BlockedDetail is api.ErrorDetail plus the block.
type BlockedDetail struct {
	api.ErrorDetail
	Block Block `json:"block"`
}

// Block is what a blocked app's users are told.
type Block struct {
	ListingID string `json:"listing_id"`
	Message   string `json:"message"`
	Link      string `json:"link"`
}

func (s *service) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var b *BlockedError
	if errors.As(err, &b) {
		writeJSON(w, http.StatusForbidden, BlockedBody{Error: BlockedDetail{
			ErrorDetail: api.ErrorDetail{Code: api.Blocked, Message: b.Error(), RequestID: httpserver.RequestID(r.Context())},
			Block:       Block{ListingID: b.ListingID, Message: b.Message, Link: b.Link},
		}})
		return
	}
	if apperr.CodeOf(err) == identity.Unauthenticated {
		w.Header().Set("WWW-Authenticate", `Bearer realm="marketdesk"`) // as server/api does
	}
	api.WriteError(w, r, s.log, err)
}
