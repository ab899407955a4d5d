package api_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"marketdesk/app/apperr"
	"marketdesk/server/api"
	"marketdesk/server/httpserver"
	"marketdesk/server/identity"
)

// tokens is a Verifier for route tests: a token names an identity.
type tokens map[string]identity.Identity

func (t tokens) Verify(_ context.Context, token string) (identity.Identity, error) {
	if id, ok := t[token]; ok {
		return id, nil
	}
	return identity.Identity{}, apperr.New(identity.Unauthenticated, "the access token is not valid")
}

func TestRouteAccessIsCheckedBeforeTheHandler(t *testing.T) {
	ran := 0
	ok := func(w http.ResponseWriter, r *http.Request) {
		id, _ := identity.From(r.Context())
		ran++
		w.Header().Set("X-User", id.Name)
		w.WriteHeader(http.StatusNoContent)
	}
	h := api.New(api.Options{
		Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Verifier: tokens{
			"member":  {Name: "Mel", Role: identity.Member},
			"admin":   {Name: "Ada", Role: identity.Admin},
			"manager": {Name: "Max", Role: identity.Admin, Manager: true},
			"owner":   {Name: "Olu", Role: identity.Owner, Manager: true},
		},
		Routes: []api.Route{
			{Method: "GET", Path: "/api/v1/open", Access: api.Public, Handler: ok},
			{Method: "GET", Path: "/api/v1/me", Access: api.SignedIn, Handler: ok},
			{Method: "POST", Path: "/api/v1/sources", Access: api.Manages, Handler: ok},
			{Method: "PUT", Path: "/api/v1/account", Access: api.Administers, Handler: ok},
			{Method: "DELETE", Path: "/api/v1/account", Access: api.OwnerOnly, Handler: ok},
		},
	})
	srv := httptest.NewServer(httpserver.WithRequestID(h))
	defer srv.Close()

	cases := []struct {
		method, path, token string
		want                int
	}{
		{"GET", "/api/v1/open", "", 204},
		{"GET", "/api/v1/me", "", 401},
		{"GET", "/api/v1/me", "forged", 401},
		{"GET", "/api/v1/me", "member", 204},
		{"POST", "/api/v1/sources", "member", 403},
		{"POST", "/api/v1/sources", "admin", 403},
		{"POST", "/api/v1/sources", "manager", 204},
		{"POST", "/api/v1/sources", "owner", 204},
		{"PUT", "/api/v1/account", "member", 403},
		{"PUT", "/api/v1/account", "admin", 204},
		{"DELETE", "/api/v1/account", "manager", 403},
		{"DELETE", "/api/v1/account", "owner", 204},
		{"PATCH", "/api/v1/account", "owner", 405},
	}
	want := 0
	for _, c := range cases {
		req, _ := http.NewRequest(c.method, srv.URL+c.path, nil)
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("%s %s as %q = %d, want %d", c.method, c.path, c.token, resp.StatusCode, c.want)
		}
		if c.want == 401 && resp.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s %s: 401 without WWW-Authenticate", c.method, c.path)
		}
		if c.want == 204 {
			want++
		}
	}
	if ran != want {
		t.Fatalf("handlers ran %d times, want %d (only for allowed requests)", ran, want)
	}
}
