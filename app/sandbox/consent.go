package sandbox

import (
	"context"
	"crypto/subtle"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/zitadel/oidc/v3/pkg/oidc"

	"marketdesk/db/store"
)

// The consent page. op redirects every authorization request here (it is the
// clients' "login URL"); there is no login: the page acts for the user signed
// in to Marketdesk and says who that is.
//
// CSRF: the request id in the form is random (256 bits), bound to one app and
// redirect, and single-use; the form also carries a token that must equal a
// SameSite=Strict cookie set with the page, so a form posted from another site
// is refused; and the page may not be framed.

var consentTmpl = template.Must(template.New("consent").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>{{if .Error}}Marketdesk sandbox{{else}}Allow {{.App}}?{{end}}</title>
<style>
  body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; background: #f4f5f7; color: #1d2330; margin: 0; }
  main { max-width: 460px; margin: 48px auto; background: #fff; border-radius: 12px; padding: 28px 32px; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
  h1 { font-size: 20px; margin: 0 0 6px; }
  .who { color: #4a5468; margin: 0 0 18px; }
  ul { list-style: none; padding: 0; margin: 0 0 20px; }
  li { padding: 10px 0; border-top: 1px solid #e6e8ee; }
  .tag { display: inline-block; font-size: 12px; font-weight: 600; color: #8a2a00; background: #ffe9dc; border-radius: 4px; padding: 0 6px; margin-left: 6px; }
  .name { display: block; color: #6b7385; font-size: 12px; font-family: ui-monospace, monospace; }
  .buttons { display: flex; gap: 12px; justify-content: flex-end; }
  button { font: inherit; padding: 8px 18px; border-radius: 8px; border: 1px solid #b8bfcc; background: #fff; cursor: pointer; }
  button.allow { background: #2457d6; border-color: #2457d6; color: #fff; }
  button:focus-visible { outline: 3px solid #8fb0ff; outline-offset: 2px; }
  .note { color: #6b7385; font-size: 13px; margin-top: 18px; }
  .error { color: #a4001d; }
  @media (prefers-color-scheme: dark) {
    body { background: #15181e; color: #e6e8ee; }
    main { background: #1f232b; box-shadow: none; }
    .who, .note, .name { color: #a3abbb; }
    li { border-color: #343a46; }
    button { background: #2a2f39; color: #e6e8ee; border-color: #4a5263; }
    .error { color: #ff8a9a; }
  }
</style>
</head>
<body>
<main>
{{if .Error}}
  <h1 class="error">{{.Error}}</h1>
  <p>Go back to Marketdesk and start again.</p>
{{else}}
  <h1>Allow {{.App}} to access your account?</h1>
  <p class="who">Signed in as {{.UserName}} ({{.UserEmail}})</p>
  <p>{{.App}} will be able to:</p>
  <ul>
  {{range .Scopes}}<li>{{.Description}}{{if .Sensitive}}<span class="tag">Sensitive</span>{{end}}<span class="name">{{.Name}}</span></li>
  {{end}}</ul>
  <form method="post" action="{{.Action}}">
    <input type="hidden" name="authRequestID" value="{{.RequestID}}">
    <input type="hidden" name="csrf" value="{{.CSRF}}">
    <input type="hidden" name="user" value="{{.UserID}}">
    <div class="buttons">
      <button type="submit" name="decision" value="deny">Deny</button>
      <button type="submit" name="decision" value="allow" class="allow" autofocus>Allow</button>
    </div>
  </form>
  <p class="note">Marketdesk sandbox: a demo authorization server on this computer. Nothing leaves it.</p>
{{end}}
</main>
</body>
</html>
`))

type consentView struct {
	Error                       string
	App                         string
	UserID, UserName, UserEmail string
	Scopes                      []Scope
	Action, RequestID, CSRF     string
}

func (s *Server) consentPage(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("authRequestID")
	req, c, ok := s.pendingRequest(r.Context(), id)
	if !ok {
		s.renderConsent(w, http.StatusBadRequest, consentView{Error: "This sign-in request has expired or was already used."}, "")
		return
	}
	user, err := s.cfg.CurrentUser(r.Context())
	if err != nil {
		s.renderConsent(w, http.StatusConflict, consentView{Error: "No one is signed in to Marketdesk."}, "")
		return
	}
	view := consentView{
		App: c.Name, UserID: user.ID, UserName: user.Name, UserEmail: user.Email,
		Action: consentPath, RequestID: id, CSRF: randomID(32),
	}
	for _, name := range splitScopes(req.Scopes) {
		view.Scopes = append(view.Scopes, c.scope(name))
	}
	http.SetCookie(w, &http.Cookie{
		Name: consentCookie(id), Value: view.CSRF, Path: consentPath,
		MaxAge: int(authRequestTTL.Seconds()), HttpOnly: true, SameSite: http.SameSiteStrictMode,
	})
	s.renderConsent(w, http.StatusOK, view, req.RedirectUri)
}

func (s *Server) consentDecision(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "cannot parse form", http.StatusBadRequest)
		return
	}
	id := r.PostForm.Get("authRequestID")
	if !s.sameOrigin(r) || !csrfOK(r, id) {
		s.renderConsent(w, http.StatusForbidden, consentView{Error: "This form was not sent from the consent page."}, "")
		return
	}
	req, _, ok := s.pendingRequest(r.Context(), id)
	if !ok {
		s.renderConsent(w, http.StatusBadRequest, consentView{Error: "This sign-in request has expired or was already used."}, "")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: consentCookie(id), Path: consentPath, MaxAge: -1})

	decision := r.PostForm.Get("decision")
	if decision != "allow" && decision != "deny" {
		http.Error(w, "decision must be allow or deny", http.StatusBadRequest)
		return
	}
	if decision == "allow" {
		if user, err := s.cfg.CurrentUser(r.Context()); err != nil || user.ID != r.PostForm.Get("user") {
			// Someone else signed in since the page was shown: show it again.
			http.Redirect(w, r, consentPath+"?authRequestID="+url.QueryEscape(id), http.StatusSeeOther)
			return
		}
	}
	// One announced flow, one decision: a second tab of the same flow is refused.
	if !s.flows.spend(flowOf(req)) {
		s.renderConsent(w, http.StatusBadRequest, consentView{Error: "This sign-in request has expired or was already used."}, "")
		return
	}
	switch decision {
	case "allow":
		if err := s.storage.approve(r.Context(), id, r.PostForm.Get("user")); err != nil {
			s.renderConsent(w, http.StatusBadRequest, consentView{Error: "This sign-in request has expired or was already used."}, "")
			return
		}
		// op's callback issues the code and redirects to the app.
		http.Redirect(w, r, authorizeCallback+"?id="+url.QueryEscape(id), http.StatusSeeOther)
	case "deny":
		if err := s.storage.DeleteAuthRequest(r.Context(), id); err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		redirectToApp(w, r, req.RedirectUri, s.Issuer(), url.Values{
			"error":             {string(oidc.AccessDenied)},
			"error_description": {"The user declined."},
			"state":             {req.State},
		})
	}
}

// pendingRequest is a request still waiting for consent, with its app.
func (s *Server) pendingRequest(ctx context.Context, id string) (store.SandboxAuthRequest, Client, bool) {
	if id == "" {
		return store.SandboxAuthRequest{}, Client{}, false
	}
	ar, err := s.storage.AuthRequestByID(ctx, id)
	if err != nil {
		return store.SandboxAuthRequest{}, Client{}, false
	}
	row := ar.(authRequest).row
	if row.Done != 0 || !s.flows.expected(flowOf(row)) {
		return row, Client{}, false // decided, or its flow ended
	}
	c, ok := s.storage.client(ctx, row.ClientID)
	return row, c, ok
}

func (s *Server) renderConsent(w http.ResponseWriter, status int, v consentView, redirectURI string) {
	formAction := "'self'"
	// Browsers apply form-action to the redirects after the submission too, so
	// the app's loopback origin (the end of Allow and Deny) is allowed as well.
	if u, err := url.Parse(redirectURI); err == nil && u.Scheme == "http" && u.Host != "" {
		formAction += " http://" + u.Host
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action "+formAction+
		"; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = consentTmpl.Execute(w, v)
}

// consentCookie names the CSRF cookie per request, so two consent pages open
// at once do not overwrite each other's.
func consentCookie(id string) string { return consentCookiePrefix + hashOf(id)[:16] }

func csrfOK(r *http.Request, id string) bool {
	c, err := r.Cookie(consentCookie(id))
	form := r.PostForm.Get("csrf")
	return err == nil && form != "" && subtle.ConstantTimeCompare([]byte(c.Value), []byte(form)) == 1
}

// sameOrigin refuses a POST that a browser says came from another origin.
func (s *Server) sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return false
	}
	origin := r.Header.Get("Origin")
	return origin == "" || strings.EqualFold(origin, s.Issuer())
}

// lookupToken finds an active refresh token, or an active access token (op's
// opaque format: the encrypted "id:subject").
func (s *Server) lookupToken(ctx context.Context, token string) (store.SandboxToken, bool) {
	if token == "" {
		return store.SandboxToken{}, false
	}
	if row, err := s.storage.activeToken(ctx, kindRefresh, hashOf(token)); err == nil {
		return row, true
	}
	plain, err := s.storage.crypto.Decrypt(token)
	if err != nil {
		return store.SandboxToken{}, false
	}
	id, sub, ok := strings.Cut(plain, ":")
	if !ok {
		return store.SandboxToken{}, false
	}
	row, err := s.storage.activeToken(ctx, kindAccess, hashOf(id))
	if errors.Is(err, errNotFound) || err != nil || row.UserID != sub {
		return store.SandboxToken{}, false
	}
	return row, true
}
