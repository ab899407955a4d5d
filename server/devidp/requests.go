package devidp

import (
	"slices"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// authRequest is one sign-in in progress, from /authorize to the code's
// exchange. The store hands out copies, so op never sees a value that a
// concurrent login is changing.
type authRequest struct {
	id           string
	clientID     string
	redirectURI  string
	state        string
	nonce        string
	scopes       []string
	responseType oidc.ResponseType
	responseMode oidc.ResponseMode
	challenge    string
	method       oidc.CodeChallengeMethod
	expires      time.Time

	// Set by a successful login.
	subject    string
	authTime   time.Time
	done       bool
	codeIssued bool // one code per sign-in: op's callback cannot be replayed for more

	// The login form's CSRF pair, renewed each time the form is shown: the
	// token travels in the form, the cookie secret in a cookie; both must
	// come back together (see login.go).
	csrfToken  string
	csrfCookie string
}

var _ op.AuthRequest = authRequest{}

func (a authRequest) GetID() string          { return a.id }
func (a authRequest) GetACR() string         { return "" }
func (a authRequest) GetAMR() []string       { return []string{"pwd"} }
func (a authRequest) GetAudience() []string  { return []string{a.clientID} }
func (a authRequest) GetAuthTime() time.Time { return a.authTime }
func (a authRequest) GetClientID() string    { return a.clientID }
func (a authRequest) GetCodeChallenge() *oidc.CodeChallenge {
	if a.challenge == "" {
		return nil
	}
	return &oidc.CodeChallenge{Challenge: a.challenge, Method: a.method}
}
func (a authRequest) GetNonce() string                   { return a.nonce }
func (a authRequest) GetRedirectURI() string             { return a.redirectURI }
func (a authRequest) GetResponseType() oidc.ResponseType { return a.responseType }
func (a authRequest) GetResponseMode() oidc.ResponseMode { return a.responseMode }
func (a authRequest) GetScopes() []string                { return slices.Clone(a.scopes) }
func (a authRequest) GetState() string                   { return a.state }
func (a authRequest) GetSubject() string                 { return a.subject }
func (a authRequest) Done() bool                         { return a.done }

func newAuthRequest(id string, req *oidc.AuthRequest, expires time.Time) *authRequest {
	return &authRequest{
		id:           id,
		clientID:     req.ClientID,
		redirectURI:  req.RedirectURI,
		state:        req.State,
		nonce:        req.Nonce,
		scopes:       slices.Clone([]string(req.Scopes)),
		responseType: req.ResponseType,
		responseMode: req.ResponseMode,
		challenge:    req.CodeChallenge,
		method:       req.CodeChallengeMethod,
		expires:      expires,
	}
}

// accessToken is what the provider remembers of an issued access token, for
// userinfo. op hands the app an encrypted "id:subject"; the id is the key.
type accessToken struct {
	subject  string
	clientID string
	scopes   []string
	expires  time.Time
}

// code is an issued authorization code, spent on first presentation.
type code struct {
	requestID string
	expires   time.Time
}
