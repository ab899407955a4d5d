package auth

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"marketdesk/server/db/store"
	"marketdesk/server/events"
	"marketdesk/server/httpserver"
	"marketdesk/server/identity"
)

// signIn records the person, their grant and the audit entry, and issues
// the desktop's one-time code, all in one transaction.
func (s *Service) signIn(ctx context.Context, who person, pending store.AuthRequest) (string, error) {
	code := newSecret(prefixCode)
	now := s.now()
	err := s.db.InTxWith(ctx, func(tx pgx.Tx, q *store.Queries) error {
		account, err := s.account(ctx, q)
		if err != nil {
			return err
		}
		user, change, err := s.upsertUser(ctx, q, account, who)
		if err != nil {
			return err
		}
		if err := s.audit(ctx, q, user, pending.ClientID, change); err != nil {
			return err
		}
		if change.roleChanged && s.events != nil {
			data, _ := json.Marshal(map[string]any{"user_id": user.ID, "role": user.Role, "marketplace_manager": user.MarketplaceManager})
			if err := s.events.Publish(ctx, tx, events.Event{Kind: events.RoleChanged, AccountID: account.ID, UserID: user.ID, Data: data}); err != nil {
				return err
			}
		}
		return q.InsertAuthCode(ctx, store.InsertAuthCodeParams{CodeHash: hash(code), UserID: user.ID, ClientID: pending.ClientID,
			RedirectUri: pending.RedirectUri, CodeChallenge: pending.CodeChallenge, ExpiresAt: now.Add(codeTTL)})
	})
	if err != nil {
		return "", err
	}
	return code, nil
}

// account is the server's account, created at the first sign-in. The
// advisory lock makes replicas that sign in the first people at once agree
// on one account and one first person.
func (s *Service) account(ctx context.Context, q *store.Queries) (store.Account, error) {
	if err := q.LockAccountCreation(ctx); err != nil {
		return store.Account{}, err
	}
	a, err := q.FirstAccount(ctx)
	if errors.Is(err, pgx.ErrNoRows) {
		return q.CreateAccount(ctx, s.cfg.AccountName)
	}
	return a, err
}

// change is what a sign-in changed, for the audit entry.
type change struct {
	created      bool
	roleChanged  bool
	previousRole identity.Role
	groups       []string
}

func (s *Service) upsertUser(ctx context.Context, q *store.Queries, account store.Account, who person) (store.User, change, error) {
	ch := change{groups: who.groups}
	existing, err := q.GetUserBySubject(ctx, store.GetUserBySubjectParams{AccountID: account.ID, Issuer: who.issuer, Subject: who.subject})
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return store.User{}, ch, err
	}
	var had *grant
	if err == nil {
		had = &grant{role: identity.Role(existing.Role), manager: existing.MarketplaceManager}
		ch.previousRole = had.role
	}
	count, err := q.CountUsers(ctx, account.ID)
	if err != nil {
		return store.User{}, ch, err
	}
	g, err := decide(s.cfg, who.groups, had, count == 0)
	if err != nil {
		return store.User{}, ch, err
	}
	if had == nil {
		ch.created, ch.roleChanged = true, true
		u, err := q.CreateUser(ctx, store.CreateUserParams{AccountID: account.ID, Issuer: who.issuer, Subject: who.subject,
			Email: who.email, Name: who.name, Role: string(g.role), MarketplaceManager: g.manager})
		return u, ch, err
	}
	ch.roleChanged = *had != g
	u, err := q.UpdateUserSignIn(ctx, store.UpdateUserSignInParams{ID: existing.ID,
		Email: firstNonEmpty(who.email, existing.Email), Name: firstNonEmpty(who.name, existing.Name), Role: string(g.role), MarketplaceManager: g.manager})
	return u, ch, err
}

// audit writes the sign-in's entry: user.created for a first sign-in,
// user.signed_in otherwise, with the role before and after.
func (s *Service) audit(ctx context.Context, q *store.Queries, u store.User, clientID string, ch change) error {
	action := "user.signed_in"
	if ch.created {
		action = "user.created"
	}
	details, err := json.Marshal(map[string]any{
		"client_id": clientID, "role": u.Role, "marketplace_manager": u.MarketplaceManager,
		"previous_role": ch.previousRole, "role_changed": ch.roleChanged, "groups": ch.groups,
	})
	if err != nil {
		return err
	}
	_, err = q.InsertAuditEntry(ctx, store.InsertAuditEntryParams{
		AccountID: u.AccountID, ActorID: pgtype.Int8{Int64: u.ID, Valid: true}, ActorName: u.Name, ActorEmail: u.Email,
		Action: action, Target: "user:" + strconv.FormatInt(u.ID, 10), Details: details, RequestID: httpserver.RequestID(ctx),
	})
	return err
}
