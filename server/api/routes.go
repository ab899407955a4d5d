package api

import (
	"net/http"
	"strings"

	"marketdesk/app/apperr"
	"marketdesk/server/identity"
)

// Access is who may call a route. The check runs before the handler, with
// the identity from the bearer token; handlers enforce the finer rules
// (whose request, which user) themselves.
type Access int

const (
	Public      Access = iota // no token needed (health, discovery, the OpenAPI document)
	SignedIn                  // any person of the account
	Administers               // owners and admins
	Manages                   // owners, and admins with the marketplace-manager privilege
	OwnerOnly                 // owners
)

// Route is one method on one path of the API. Path is a net/http pattern
// ("/api/v1/requests/{id}"); every route must also be in the OpenAPI document.
type Route struct {
	Method  string
	Path    string
	Access  Access
	Summary string
	Handler http.HandlerFunc
}

// mount registers routes on mux: one handler per path that dispatches on the
// method (405 with Allow otherwise), then checks the token and the access.
func mount(mux *http.ServeMux, o Options, routes []Route) {
	byPath := map[string]map[string]Route{}
	var order []string
	for _, rt := range routes {
		if byPath[rt.Path] == nil {
			byPath[rt.Path] = map[string]Route{}
			order = append(order, rt.Path)
		}
		byPath[rt.Path][rt.Method] = rt
	}
	for _, path := range order {
		methods := byPath[path]
		var allowed []string
		for m := range methods {
			allowed = append(allowed, m)
		}
		mux.Handle(path, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rt, ok := methods[r.Method]
			if !ok && r.Method == http.MethodHead {
				rt, ok = methods[http.MethodGet]
			}
			if !ok {
				w.Header().Set("Allow", strings.Join(allowed, ", "))
				writeError(w, r, o.Logger, apperr.New(MethodNotAllowed, "%s is not allowed on %s (allowed: %s)", r.Method, r.URL.Path, strings.Join(allowed, ", ")))
				return
			}
			o.serve(rt, w, r)
		}))
	}
}

// serve authenticates the request for rt and runs its handler.
func (o Options) serve(rt Route, w http.ResponseWriter, r *http.Request) {
	if rt.Access == Public {
		rt.Handler(w, r)
		return
	}
	id, err := o.authenticate(r)
	if err != nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="marketdesk"`)
		writeError(w, r, o.Logger, err)
		return
	}
	if !allows(rt.Access, id) {
		writeError(w, r, o.Logger, apperr.New(apperr.Forbidden, "%s %s is for %s", rt.Method, rt.Path, accessWords[rt.Access]))
		return
	}
	rt.Handler(w, r.WithContext(identity.With(r.Context(), id)))
}

func (o Options) authenticate(r *http.Request) (identity.Identity, error) {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return identity.Identity{}, apperr.New(identity.Unauthenticated, "sign in first: this route needs an access token (Authorization: Bearer …)")
	}
	if o.Verifier == nil {
		return identity.Identity{}, apperr.New(identity.Unauthenticated, "this server has no sign-in configured")
	}
	return o.Verifier.Verify(r.Context(), strings.TrimSpace(token))
}

func allows(a Access, id identity.Identity) bool {
	switch a {
	case SignedIn:
		return true
	case Administers:
		return id.Administers()
	case Manages:
		return id.Manages()
	case OwnerOnly:
		return id.Role == identity.Owner
	}
	return false
}

var accessWords = map[Access]string{
	SignedIn:    "people of the account",
	Administers: "owners and admins",
	Manages:     "marketplace managers (owners, and admins with the privilege)",
	OwnerOnly:   "owners",
}
