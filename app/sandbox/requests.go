package sandbox

import (
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"marketdesk/db/store"
)

// authRequest is a stored authorization request as op sees it.
type authRequest struct{ row store.SandboxAuthRequest }

var _ op.AuthRequest = authRequest{}

func (a authRequest) GetID() string          { return a.row.ID }
func (a authRequest) GetACR() string         { return "" }
func (a authRequest) GetAMR() []string       { return nil }
func (a authRequest) GetAudience() []string  { return []string{a.row.ClientID} }
func (a authRequest) GetAuthTime() time.Time { return time.Unix(a.row.AuthTime, 0) }
func (a authRequest) GetClientID() string    { return a.row.ClientID }
func (a authRequest) GetCodeChallenge() *oidc.CodeChallenge {
	if a.row.CodeChallenge == "" {
		return nil
	}
	return &oidc.CodeChallenge{Challenge: a.row.CodeChallenge, Method: oidc.CodeChallengeMethod(a.row.CodeChallengeMethod)}
}
func (a authRequest) GetNonce() string       { return a.row.Nonce }
func (a authRequest) GetRedirectURI() string { return a.row.RedirectUri }
func (a authRequest) GetResponseType() oidc.ResponseType {
	return oidc.ResponseType(a.row.ResponseType)
}
func (a authRequest) GetResponseMode() oidc.ResponseMode {
	return oidc.ResponseMode(a.row.ResponseMode)
}
func (a authRequest) GetScopes() []string { return splitScopes(a.row.Scopes) }
func (a authRequest) GetState() string    { return a.row.State }
func (a authRequest) GetSubject() string  { return a.row.UserID }
func (a authRequest) Done() bool          { return a.row.Done == 1 }

// refreshRequest is the grant behind a refresh token, as op sees it.
type refreshRequest struct {
	row    store.SandboxToken
	scopes []string // narrowed by a refresh that asks for fewer scopes
}

var _ op.RefreshTokenRequest = (*refreshRequest)(nil)

func (r *refreshRequest) GetAMR() []string            { return nil }
func (r *refreshRequest) GetAudience() []string       { return []string{r.row.ClientID} }
func (r *refreshRequest) GetAuthTime() time.Time      { return time.Unix(r.row.AuthTime, 0) }
func (r *refreshRequest) GetClientID() string         { return r.row.ClientID }
func (r *refreshRequest) GetScopes() []string         { return r.scopes }
func (r *refreshRequest) GetSubject() string          { return r.row.UserID }
func (r *refreshRequest) SetCurrentScopes(s []string) { r.scopes = s }

func splitScopes(s string) []string { return strings.Fields(s) }
func joinScopes(s []string) string  { return strings.Join(s, " ") }
