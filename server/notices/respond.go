package notices

import (
	"encoding/json"
	"net/http"

	"marketdesk/app/apperr"
	"marketdesk/server/api"
	"marketdesk/server/httpserver"
	"marketdesk/server/identity"
)

// The API's error shape (api.ErrorBody), written here because server/api
// keeps its writer unexported.
var statusOf = map[apperr.Code]int{
	apperr.NotFound:          http.StatusNotFound,
	apperr.Forbidden:         http.StatusForbidden,
	apperr.Invalid:           http.StatusBadRequest,
	apperr.Conflict:          http.StatusConflict,
	apperr.Unavailable:       http.StatusServiceUnavailable,
	identity.Unauthenticated: http.StatusUnauthorized,
}

func writeError(w http.ResponseWriter, r *http.Request, s *Service, err error) {
	code := apperr.CodeOf(err)
	status, ok := statusOf[code]
	msg := err.Error()
	rid := httpserver.RequestID(r.Context())
	if !ok {
		code, status = apperr.Internal, http.StatusInternalServerError
		msg = "internal error: the server's log has the details under this request id"
		s.o.Logger.ErrorContext(r.Context(), "internal error", "request_id", rid, "error", err)
	}
	writeJSON(w, status, api.ErrorBody{Error: api.ErrorDetail{Code: code, Message: msg, RequestID: rid}})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
