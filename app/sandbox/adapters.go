package sandbox

import (
	"context"
	"strconv"

	"marketdesk/app/account"
	"marketdesk/app/catalog"
)

// ClientsFromCatalog registers every catalog listing whose OAuth client is
// the sandbox (its client id is its listing id) as a sandbox client.
func ClientsFromCatalog(listings *catalog.Searcher) func(ctx context.Context, id string) (Client, bool) {
	return func(ctx context.Context, id string) (Client, bool) {
		l, err := listings.App(ctx, id)
		if err != nil || !l.OAuth.Sandbox || l.OAuth.ClientID != id || l.NoLongerListed {
			return Client{}, false
		}
		c := Client{ID: id, Name: l.Name, RedirectPath: l.OAuth.RedirectPath}
		for _, s := range l.Scopes {
			c.Scopes = append(c.Scopes, Scope{Name: s.Name, Description: s.Description, Sensitive: s.Sensitive})
		}
		return c, true
	}
}

// UsersFromAccounts makes the sandbox act for the account's signed-in user.
func UsersFromAccounts(accounts *account.Store) (current func(context.Context) (User, error), byID func(context.Context, string) (User, error)) {
	toUser := func(u account.User) User { return User{ID: strconv.FormatInt(u.ID, 10), Name: u.Name, Email: u.Email} }
	current = func(ctx context.Context) (User, error) {
		u, err := accounts.Current(ctx)
		return toUser(u), err
	}
	byID = func(ctx context.Context, id string) (User, error) {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			return User{}, err
		}
		u, err := accounts.User(ctx, n)
		return toUser(u), err
	}
	return current, byID
}
