package auth

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"marketdesk/app/apperr"
	"marketdesk/server/api"
	"marketdesk/server/httpserver"
)

// browserError answers a request the browser made and that cannot go back
// to the desktop, in the API's error shape.
func browserError(w http.ResponseWriter, r *http.Request, status int, code, format string, args ...any) {
	writeJSON(w, status, api.ErrorBody{Error: api.ErrorDetail{
		Code: apperr.Code(code), Message: fmt.Sprintf(format, args...), RequestID: httpserver.RequestID(r.Context())}})
}

// toDesktop sends the browser to the desktop's loopback redirect with params;
// iss names this server (RFC 9207) so a desktop talking to several
// authorization servers can tell whose answer it got.
func (s *Service) toDesktop(w http.ResponseWriter, r *http.Request, redirect string, params url.Values) {
	params.Set("iss", Audience(s.cfg))
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, withParams(redirect, params), http.StatusFound)
}

// oauthError is the token and revocation endpoints' error (RFC 6749 §5.2),
// the shape golang.org/x/oauth2 reads.
type oauthError struct {
	Code        string `json:"error"`
	Description string `json:"error_description"`
}

func (e *oauthError) Error() string { return e.Code + ": " + e.Description }

func grantError(format string, args ...any) *oauthError {
	return &oauthError{Code: "invalid_grant", Description: fmt.Sprintf(format, args...)}
}

func writeOAuthError(w http.ResponseWriter, e *oauthError) {
	status := http.StatusBadRequest
	if e.Code == "invalid_client" {
		status = http.StatusUnauthorized
	}
	writeJSON(w, status, e)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body) // the client hung up: nothing left to tell it
}
