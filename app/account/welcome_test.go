package account

import (
	"context"
	"errors"
	"os/user"
	"reflect"
	"strings"
	"testing"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/db/testdb"
)

func TestInitRefusesEveryBadFieldAtOnce(t *testing.T) {
	s := New(testdb.New(t), func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) })
	ctx := context.Background()
	_, err := s.Init(ctx, "  ", Profile{Name: strings.Repeat("n", 81), Email: "olive@"})
	var typed *apperr.Error
	if !errors.As(err, &typed) || typed.Code != apperr.Invalid {
		t.Fatalf("Init = %v, want invalid_input", err)
	}
	want := []apperr.FieldError{{Field: "accountName", Reason: apperr.ReasonRequired}, {Field: "name", Reason: apperr.ReasonTooLong}, {Field: "email", Reason: apperr.ReasonNotEmail}}
	if !reflect.DeepEqual(typed.Fields, want) {
		t.Fatalf("fields = %+v, want %+v", typed.Fields, want)
	}
	if _, err := s.Account(ctx); err != ErrNoAccount {
		t.Fatalf("a refused welcome form must create nothing: %v", err)
	}
	_, err = s.Init(ctx, "Acme", Profile{Name: "Olive", Email: ""})
	if !errors.As(err, &typed) || !reflect.DeepEqual(typed.Fields, []apperr.FieldError{{Field: "email", Reason: apperr.ReasonRequired}}) {
		t.Fatalf("an empty email: %v %+v", err, typed.Fields)
	}
	if _, err := s.Init(ctx, " Acme ", Profile{Name: " Olive ", Email: "olive@acme.example"}); err != nil {
		t.Fatalf("a good form: %v", err)
	}
}

func TestSuggestedNameIsNeverRootOrASystemAccount(t *testing.T) {
	tests := []struct {
		name string
		u    user.User
		goos string
		want string
	}{
		{"person with a full name", user.User{Uid: "1000", Username: "olive", Name: "Olive Owner,,,"}, "linux", "Olive Owner"},
		{"person without one", user.User{Uid: "1001", Username: "olive"}, "linux", "olive"},
		{"root", user.User{Uid: "0", Username: "root", Name: "root"}, "linux", ""},
		{"a service account", user.User{Uid: "998", Username: "builder", Name: "Build bot"}, "linux", ""},
		{"macOS person", user.User{Uid: "501", Username: "olive", Name: "Olive Owner"}, "darwin", "Olive Owner"},
		{"macOS daemon", user.User{Uid: "1", Username: "daemon", Name: "System Services"}, "darwin", ""},
		{"Windows administrator", user.User{Uid: "S-1-5-21-1-2-3-500", Username: `PC\Administrator`}, "windows", ""},
		{"Windows person", user.User{Uid: "S-1-5-21-1-2-3-1001", Username: `PC\olive`, Name: "Olive Owner"}, "windows", "Olive Owner"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := suggestedName(&tt.u, tt.goos); got != tt.want {
				t.Fatalf("suggestedName = %q, want %q", got, tt.want)
			}
		})
	}
}
