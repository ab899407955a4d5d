package notices

import (
	"net/http"

	"marketdesk/server/api"
)

// writeError and writeJSON answer as the API does (server/api).
func writeError(w http.ResponseWriter, r *http.Request, s *Service, err error) {
	api.WriteError(w, r, s.o.Logger, err)
}

func writeJSON(w http.ResponseWriter, status int, body any) { api.WriteJSON(w, status, body) }
