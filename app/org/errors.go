package org

import (
	"errors"
	"fmt"

	"marketdesk/app/apperr"
)

// SignedOut is the code of ErrSignedOut: the server no longer accepts this
// desktop's sign-in, and only signing in again helps. The UI keys on it to
// show "Sign in again" instead of a failure.
const SignedOut apperr.Code = "signed_out"

// SignedOutError says the server refused the refresh token (revoked,
// rotated away by another holder, expired): sign in again.
type SignedOutError struct{ Org string }

func (e *SignedOutError) Error() string {
	return fmt.Sprintf("signed out: sign in to %s again (marketdesk org connect)", e.Org)
}
func (e *SignedOutError) AppCode() apperr.Code { return SignedOut }

// OfflineError says the organization server did not answer: the caller
// keeps its last known state and tries again later.
type OfflineError struct {
	Server string
	Cause  error
}

func (e *OfflineError) Error() string {
	return fmt.Sprintf("the organization server is not reachable (%s: %v)", e.Server, e.Cause)
}
func (e *OfflineError) Unwrap() error        { return e.Cause }
func (e *OfflineError) AppCode() apperr.Code { return apperr.Unavailable }

// ErrNotConnected says this desktop is in local mode.
var ErrNotConnected = apperr.New(apperr.Conflict, "this desktop is not connected to an organization (marketdesk org connect URL)")

// IsSignedOut reports whether err means "sign in again".
func IsSignedOut(err error) bool {
	var s *SignedOutError
	return errors.As(err, &s)
}

// IsOffline reports whether err means the server did not answer.
func IsOffline(err error) bool {
	var o *OfflineError
	return errors.As(err, &o)
}
