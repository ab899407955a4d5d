package authtest_test

import (
	"context"
	"testing"

	"marketdesk/app/apperr"
	"marketdesk/server/auth/authtest"
	"marketdesk/server/db/pgtest"
	"marketdesk/server/identity"
)

func TestTokensOfAPerson(t *testing.T) {
	d := pgtest.Migrated(t)
	v := authtest.Verifier(d)
	admin := authtest.Person(t, d, identity.Admin, true)
	member := authtest.Person(t, d, identity.Member, true) // a member never manages
	if member.Manager || member.AccountID != admin.AccountID {
		t.Fatalf("member %+v, admin %+v", member, admin)
	}
	got, err := v.Verify(context.Background(), authtest.Token(t, d, admin))
	if err != nil || got != admin {
		t.Fatalf("Verify = %+v, %v; want %+v", got, err, admin)
	}
	for name, token := range map[string]string{
		"expired":        authtest.ExpiredToken(t, d, member),
		"other audience": authtest.OtherAudienceToken(t, d, member),
	} {
		if _, err := v.Verify(context.Background(), token); apperr.CodeOf(err) != identity.Unauthenticated {
			t.Errorf("%s: %v", name, err)
		}
	}
}
