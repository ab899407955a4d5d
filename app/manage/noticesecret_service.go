package manage

import (
	"context"

	"marketdesk/app/account"
)

// NoticeSecrets lists which listings have a notice signing secret, when and
// by whom it was set (managers only; never the secrets).
func (s *Service) NoticeSecrets() ([]SecretStatus, error) {
	return as(s, false, func(c context.Context, me account.User) ([]SecretStatus, error) {
		return s.m.NoticeSecrets().List(c, me)
	})
}

// SetNoticeSecret sets (or rotates) the secret that signs listingID's
// deauthorization notices, as the developer gave it to the manager (managers
// only). Notices that waited for it go out at once.
func (s *Service) SetNoticeSecret(listingID, secret string) (SecretStatus, error) {
	return as(s, true, func(c context.Context, me account.User) (SecretStatus, error) {
		st, err := s.m.NoticeSecrets().Set(c, me, listingID, secret)
		if err == nil {
			s.outbox.Wake()
		}
		return st, err
	})
}
