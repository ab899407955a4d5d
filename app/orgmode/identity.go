package orgmode

import (
	"context"
	"errors"
	"strings"

	"marketdesk/app/account"
	"marketdesk/app/apperr"
)

// LocalUser makes the signed-in person the current user of this data
// directory's database and returns them there. The local installations,
// their tokens and the local audit entries name a local user; in
// organization mode that user stands for the SSO identity and nothing
// else: every rule about what the person may do is the server's (the
// bound services ask it, an install is admitted by it).
//
// A fresh data directory gets a local account named after the
// organization with the person as its one user. A data directory used in
// local mode before keeps its account; the person's local user (same
// email) becomes the current one. One without such a user is refused:
// installs there would be recorded under someone else's name.
func (s *Service) LocalUser(ctx context.Context) (account.User, error) {
	m, err := s.me(ctx)
	if err != nil {
		return account.User{}, err
	}
	cur, err := s.local.Current(ctx)
	if errors.Is(err, account.ErrNoAccount) {
		return s.local.Init(ctx, orDefault(m.Account.Name, "Organization"), account.Profile{Name: orDefault(m.User.Name, m.User.Email), Email: m.User.Email})
	}
	if err != nil {
		return account.User{}, err
	}
	if strings.EqualFold(cur.Email, m.User.Email) {
		return cur, nil
	}
	users, err := s.local.Users(ctx)
	if err != nil {
		return account.User{}, err
	}
	for _, u := range users {
		if strings.EqualFold(u.Email, m.User.Email) {
			return s.local.SwitchUser(ctx, cur, u.ID)
		}
	}
	return account.User{}, apperr.New(apperr.Conflict,
		"this data directory's local account has no user %s, who is signed in to the organization: use a new data directory for organization mode (--data-dir)", m.User.Email)
}

func orDefault(v, def string) string {
	if strings.TrimSpace(v) == "" {
		return def
	}
	return v
}
