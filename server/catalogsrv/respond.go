package catalogsrv

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"marketdesk/app/apperr"
	"marketdesk/server/api"
	"marketdesk/server/httpserver"
	"marketdesk/server/identity"
)

// statusOf is the API's mapping of error codes to statuses (server/api's
// is unexported: keep the two in step, server/api/errors.go).
var statusOf = map[apperr.Code]int{
	apperr.NotFound:          http.StatusNotFound,
	apperr.Forbidden:         http.StatusForbidden,
	apperr.Invalid:           http.StatusBadRequest,
	apperr.Conflict:          http.StatusConflict,
	apperr.Unavailable:       http.StatusServiceUnavailable,
	identity.Unauthenticated: http.StatusUnauthorized,
}

// fail answers err as the API's ErrorBody. An error without a code is
// logged and shown only as "internal error": its text may name tables or
// hosts that are not the caller's business.
func (s *service) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := apperr.CodeOf(err)
	status, ok := statusOf[code]
	msg := err.Error()
	if !ok {
		code, status = apperr.Internal, http.StatusInternalServerError
		msg = "internal error: the server's log has the details under this request id"
		s.log.ErrorContext(r.Context(), "internal error", "request_id", httpserver.RequestID(r.Context()), "error", err)
	}
	writeJSON(w, status, api.ErrorBody{Error: api.ErrorDetail{Code: code, Message: msg, RequestID: httpserver.RequestID(r.Context())}})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body) // the client hung up: nothing left to tell it
}

// maxBody bounds a request's JSON: the routes here take a URL or a version.
const maxBody = 16 << 10

// readJSON decodes a small JSON body strictly (an unknown field is a typo).
func readJSON(r *http.Request, into any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, maxBody+1))
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		if errors.Is(err, io.EOF) {
			return apperr.New(apperr.Invalid, "the request needs a JSON body")
		}
		return apperr.New(apperr.Invalid, "the request body is not the expected JSON (or is over %d bytes): %v", maxBody, err)
	}
	return nil
}

// caller is the signed-in person; the route's access check ran before.
func caller(r *http.Request) identity.Identity {
	id, _ := identity.From(r.Context())
	return id
}
