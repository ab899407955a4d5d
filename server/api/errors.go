package api

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"marketdesk/app/apperr"
	"marketdesk/server/httpserver"
	"marketdesk/server/identity"
)

// MethodNotAllowed is the code of a request whose path exists but not for
// its method; every other code is an apperr.Code.
const MethodNotAllowed apperr.Code = "method_not_allowed"

// ErrorBody is every error the API returns:
// {"error": {"code", "message", "request_id"}}. Clients key on code; the
// message is for people; request_id finds the server's log lines.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is the inside of ErrorBody.
type ErrorDetail struct {
	Code      apperr.Code `json:"code"`
	Message   string      `json:"message"`
	RequestID string      `json:"request_id"`
}

var statusOf = map[apperr.Code]int{
	apperr.NotFound:          http.StatusNotFound,
	apperr.Forbidden:         http.StatusForbidden,
	apperr.Invalid:           http.StatusBadRequest,
	apperr.Conflict:          http.StatusConflict,
	apperr.Unavailable:       http.StatusServiceUnavailable,
	MethodNotAllowed:         http.StatusMethodNotAllowed,
	identity.Unauthenticated: http.StatusUnauthorized,
}

// writeError answers with err as an ErrorBody. Internal errors (no code)
// are logged with their cause and shown only as "internal error": their
// text may name tables, hosts or values that are not the caller's business.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	code := apperr.CodeOf(err)
	status, ok := statusOf[code]
	msg := err.Error()
	if !ok {
		code, status = apperr.Internal, http.StatusInternalServerError
		msg = "internal error: the server's log has the details under this request id"
		log.ErrorContext(r.Context(), "internal error", "request_id", httpserver.RequestID(r.Context()), "error", err)
	}
	writeJSON(w, status, ErrorBody{Error: ErrorDetail{Code: code, Message: msg, RequestID: httpserver.RequestID(r.Context())}})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body) // the client hung up: nothing left to tell it
}
