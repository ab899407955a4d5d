package devidp

import (
	"encoding/json"
	"net/http"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// claimsSupported are the claims an ID token or userinfo can carry.
var claimsSupported = []string{
	"iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "amr", "azp", "at_hash", "c_hash",
	"email", "email_verified", "name", ClaimGroups,
}

// metadata is the discovery document: only the endpoints and values the
// provider really serves (op's own document lists every endpoint it has).
type metadata struct {
	Issuer                            string   `json:"issuer"`
	AuthorizationEndpoint             string   `json:"authorization_endpoint"`
	TokenEndpoint                     string   `json:"token_endpoint"`
	UserinfoEndpoint                  string   `json:"userinfo_endpoint"`
	JwksURI                           string   `json:"jwks_uri"`
	ScopesSupported                   []string `json:"scopes_supported"`
	ResponseTypesSupported            []string `json:"response_types_supported"`
	ResponseModesSupported            []string `json:"response_modes_supported"`
	GrantTypesSupported               []string `json:"grant_types_supported"`
	SubjectTypesSupported             []string `json:"subject_types_supported"`
	IDTokenSigningAlgValuesSupported  []string `json:"id_token_signing_alg_values_supported"`
	TokenEndpointAuthMethodsSupported []string `json:"token_endpoint_auth_methods_supported"`
	CodeChallengeMethodsSupported     []string `json:"code_challenge_methods_supported"`
	ClaimsSupported                   []string `json:"claims_supported"`
	RequestParameterSupported         bool     `json:"request_parameter_supported"`
	ClaimsParameterSupported          bool     `json:"claims_parameter_supported"`
}

func (p *Provider) discovery(o *op.Provider) http.HandlerFunc {
	doc := metadata{
		Issuer:                            p.issuer,
		AuthorizationEndpoint:             o.AuthorizationEndpoint().Absolute(p.issuer),
		TokenEndpoint:                     o.TokenEndpoint().Absolute(p.issuer),
		UserinfoEndpoint:                  o.UserinfoEndpoint().Absolute(p.issuer),
		JwksURI:                           o.KeysEndpoint().Absolute(p.issuer),
		ScopesSupported:                   supportedScopes,
		ResponseTypesSupported:            []string{string(oidc.ResponseTypeCode)},
		ResponseModesSupported:            []string{string(oidc.ResponseModeQuery)},
		GrantTypesSupported:               []string{string(oidc.GrantTypeCode)},
		SubjectTypesSupported:             []string{"public"},
		IDTokenSigningAlgValuesSupported:  []string{string(p.storage.key.SignatureAlgorithm())},
		TokenEndpointAuthMethodsSupported: []string{string(oidc.AuthMethodBasic), string(oidc.AuthMethodPost), string(oidc.AuthMethodNone)},
		CodeChallengeMethodsSupported:     []string{string(oidc.CodeChallengeMethodS256)},
		ClaimsSupported:                   claimsSupported,
	}
	body, _ := json.MarshalIndent(doc, "", "  ")
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(body)
	}
}
