package oauthflow

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/oauth2"

	"marketdesk/app/apperr"
)

// NotBearerError refuses a token response whose token_type is not Bearer:
// Marketdesk can only send Bearer tokens (RFC 6750); a token of another type
// (DPoP, MAC, or anything else) is never stored or handed to a script.
type NotBearerError struct{ TokenType string }

func (e *NotBearerError) Error() string {
	if e.TokenType == "" {
		return "the app's server sent a token without a token_type; Marketdesk accepts only Bearer tokens, so nothing was stored"
	}
	return fmt.Sprintf("the app's server sent a %q token; Marketdesk accepts only Bearer tokens, so nothing was stored", clip(e.TokenType))
}
func (e *NotBearerError) AppCode() apperr.Code { return apperr.Invalid }

// CheckBearer accepts a token whose token_type is Bearer in any case
// (RFC 6749 §5.1 says it is case-insensitive) and writes it as "Bearer".
// A missing token_type is refused too: RFC 6749 requires it.
func CheckBearer(tok *oauth2.Token) error {
	if !strings.EqualFold(tok.TokenType, "bearer") {
		return &NotBearerError{TokenType: tok.TokenType}
	}
	tok.TokenType = "Bearer"
	return nil
}

// grantedScopes reads the "scope" of the token response; absent means all
// requested scopes were granted (RFC 6749 §5.1). What the server says it
// granted beyond the request is trimmed, never recorded as granted: the
// person consented to the requested scopes in Marketdesk's review, and that
// is all Marketdesk shows and uses; the extra names come back separately for
// the audit log.
func grantedScopes(tok *oauth2.Token, requested []string) (granted, extra []string) {
	s, ok := tok.Extra("scope").(string)
	if !ok || strings.TrimSpace(s) == "" {
		return slices.Clone(requested), nil
	}
	granted = []string{}
	for _, name := range strings.Fields(s) {
		switch {
		case slices.Contains(granted, name) || slices.Contains(extra, name):
		case slices.Contains(requested, name):
			granted = append(granted, name)
		default:
			extra = append(extra, name)
		}
	}
	return granted, extra
}

// clip keeps a server's word short in a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
