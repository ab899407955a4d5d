package devidp

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"time"
)

// The login form and its CSRF protection. Each time the form is shown, the
// sign-in request gets a new pair of random secrets: a token written into
// the form and a cookie value (HttpOnly, SameSite=Strict, path /login). A
// POST is accepted only with both, matching the pair last issued for that
// request, so another site can neither submit the form nor replay one.
const (
	loginPath        = "/login"
	authRequestParam = "authRequestID"
	csrfField        = "csrf_token"
	csrfCookie       = "devidp_csrf"
	maxFormBytes     = 16 << 10
)

// loginView is what the page shows; html/template escapes every field for
// its context (text, attribute, URL).
type loginView struct {
	ClientID      string
	AuthRequestID string
	CSRFToken     string
	Login         string // what was typed, shown again after a failure
	Error         string
	Users         []User // the directory's users, as a reminder of who exists
}

var loginTemplate = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in — development identity provider</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}
label{display:block;margin-top:.8rem}input{width:100%;padding:.4rem;box-sizing:border-box}
button{margin-top:1rem;padding:.5rem 1.2rem}.error{color:#a40000}.note{color:#555;font-size:.9rem}
</style>
</head>
<body>
<h1>Sign in</h1>
<p>to <strong>{{.ClientID}}</strong></p>
<p class="note">Development identity provider: for development and tests only.</p>
{{if .Error}}<p class="error" role="alert">{{.Error}}</p>{{end}}
<form method="post" action="/login">
<input type="hidden" name="authRequestID" value="{{.AuthRequestID}}">
<input type="hidden" name="csrf_token" value="{{.CSRFToken}}">
<label>Email or subject <input name="username" value="{{.Login}}" autocomplete="username" required autofocus></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>
{{if .Users}}<h2>Users of this provider</h2>
<ul>{{range .Users}}<li>{{.Name}} — {{if .Email}}{{.Email}}{{else}}{{.Subject}}{{end}}</li>{{end}}</ul>{{end}}
</body>
</html>
`))

// loginPage shows the form for the sign-in request in the query.
func (p *Provider) loginPage(w http.ResponseWriter, r *http.Request) {
	p.showForm(w, r, r.URL.Query().Get(authRequestParam), "", "", http.StatusOK)
}

// showForm renews the request's CSRF pair and renders the form with it.
func (p *Provider) showForm(w http.ResponseWriter, r *http.Request, id, login, message string, status int) {
	req, ok := p.storage.renewCSRF(id)
	if !ok {
		p.refuse(w, http.StatusBadRequest, "This sign-in has expired or was already used. Start again from the application.")
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: csrfCookie, Value: req.csrfCookie, Path: loginPath, MaxAge: int(authRequestTTL / time.Second),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil,
	})
	view := loginView{ClientID: req.clientID, AuthRequestID: req.id, CSRFToken: req.csrfToken,
		Login: login, Error: message, Users: p.storage.dir.Users}
	var body bytes.Buffer
	if err := loginTemplate.Execute(&body, view); err != nil {
		p.log.Error("devidp: render the login page", "err", err)
		p.refuse(w, http.StatusInternalServerError, "The login page could not be shown.")
		return
	}
	pageHeaders(w)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(body.Bytes())
}

// loginSubmit checks the CSRF pair, then the password; on success it hands
// the request back to op, which redirects to the client with a code.
func (p *Provider) loginSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		p.refuse(w, http.StatusBadRequest, "The form could not be read.")
		return
	}
	id := r.PostForm.Get(authRequestParam)
	cookie, _ := r.Cookie(csrfCookie)
	if cookie == nil || !p.storage.checkCSRF(id, r.PostForm.Get(csrfField), cookie.Value) {
		p.log.Info("devidp: login refused: CSRF check failed")
		p.refuse(w, http.StatusForbidden, "This form was not sent from this sign-in page, or it expired. Start again from the application.")
		return
	}
	login := r.PostForm.Get("username")
	u, ok := p.storage.dir.userByLogin(login)
	if !ok || !equalSecret(r.PostForm.Get("password"), u.Password) {
		p.log.Info("devidp: login refused: wrong login name or password", "login", login)
		p.showForm(w, r, id, login, "Wrong email, subject or password.", http.StatusUnauthorized)
		return
	}
	clientID, ok := p.storage.finishLogin(id, u.Subject)
	if !ok {
		p.refuse(w, http.StatusBadRequest, "This sign-in has expired or was already used. Start again from the application.")
		return
	}
	p.log.Info("devidp: signed in", "sub", u.Subject, "client_id", clientID)
	http.Redirect(w, r, callbackPath+"?"+url.Values{"id": {id}}.Encode(), http.StatusSeeOther)
}

// refuse answers with a plain-text message (never reflecting input).
func (p *Provider) refuse(w http.ResponseWriter, status int, message string) {
	pageHeaders(w)
	http.Error(w, message, status)
}

// pageHeaders keep the pages out of frames and caches, and let them load
// nothing but their own inline style.
func pageHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
}
