package catalogsrv

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"marketdesk/app/apperr"
	"marketdesk/server/api"
	"marketdesk/server/identity"
)

// fail answers err as the API does (internal errors logged, their text
// hidden).
func (s *service) fail(w http.ResponseWriter, r *http.Request, err error) {
	api.WriteError(w, r, s.log, err)
}

func writeJSON(w http.ResponseWriter, status int, body any) { api.WriteJSON(w, status, body) }

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
