package account

import (
	"context"
	"os/user"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Status is what the window needs at start: whether the account exists, and
// who is signed in.
type Status struct {
	Initialized bool    `json:"initialized"`
	Account     Account `json:"account"`
	Me          User    `json:"me"`
	// SuggestedName prefills the welcome form with the OS user's name
	// (empty for root and system accounts).
	SuggestedName string `json:"suggestedName"`
}

// InitInput is the welcome form.
type InitInput struct {
	AccountName string `json:"accountName"`
	Name        string `json:"name"`
	Email       string `json:"email"`
}

// Service is the account as the UI sees it (bound to Wails). Every method
// acts as the signed-in user.
type Service struct {
	store *Store
	emit  func(name string, data any)
	// Org, when set and active, is the account in organization mode
	// (app/orgmode): reads come from the server and local editing is refused.
	Org Org
}

// Org is the account of a data directory connected to an organization.
type Org interface {
	Active(ctx context.Context) bool
	Status(ctx context.Context) (Status, error)
	Users(ctx context.Context) ([]User, error)
	// Refusal is the error of "Switch user" and local account editing.
	Refusal() error
	SetRequirePreapproval(ctx context.Context, required bool) (Account, error)
}

// org is the organization when the data directory is connected to one.
func (s *Service) org(c context.Context) Org {
	if s.Org != nil && s.Org.Active(c) {
		return s.Org
	}
	return nil
}

// ChangedEvent tells the window the account or the signed-in user changed.
const ChangedEvent = "account:changed"

// NewService returns the bound account service.
func NewService(s *Store, emit func(string, any)) *Service {
	if emit == nil {
		emit = func(string, any) {}
	}
	return &Service{store: s, emit: emit}
}

func ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 10*time.Second)
}

// Status says whether the account exists and who is signed in.
func (s *Service) Status() (Status, error) {
	c, cancel := ctx()
	defer cancel()
	if o := s.org(c); o != nil {
		return o.Status(c)
	}
	st := Status{SuggestedName: osUserName()}
	acct, err := s.store.Account(c)
	if err == ErrNoAccount {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	st.Initialized, st.Account = true, acct
	st.Me, err = s.store.Current(c)
	return st, err
}

// Init creates the account; the person becomes its owner.
func (s *Service) Init(in InitInput) (User, error) {
	c, cancel := ctx()
	defer cancel()
	if o := s.org(c); o != nil {
		return User{}, o.Refusal()
	}
	u, err := s.store.Init(c, in.AccountName, Profile{Name: in.Name, Email: in.Email})
	if err == nil {
		s.emit(ChangedEvent, nil)
	}
	return u, err
}

// Users lists the account's users (for "Switch user" and the Users page).
func (s *Service) Users() ([]User, error) {
	c, cancel := ctx()
	defer cancel()
	if o := s.org(c); o != nil {
		return o.Users(c)
	}
	return s.store.Users(c)
}

// act runs fn as the signed-in user and tells the window about the change.
func act[T any](s *Service, fn func(c context.Context, me User) (T, error)) (T, error) {
	c, cancel := ctx()
	defer cancel()
	var zero T
	if o := s.org(c); o != nil {
		return zero, o.Refusal()
	}
	me, err := s.store.Current(c)
	if err != nil {
		return zero, err
	}
	out, err := fn(c, me)
	if err == nil {
		s.emit(ChangedEvent, nil)
	}
	return out, err
}

// AddUser adds a user (managers only).
func (s *Service) AddUser(in NewUser) (User, error) {
	return act(s, func(c context.Context, me User) (User, error) { return s.store.AddUser(c, me, in) })
}

// UpdateUser edits a user (managers only).
func (s *Service) UpdateUser(id int64, in NewUser) (User, error) {
	return act(s, func(c context.Context, me User) (User, error) { return s.store.UpdateUser(c, me, id, in) })
}

// RemoveUser removes a user (managers only).
func (s *Service) RemoveUser(id int64) error {
	_, err := act(s, func(c context.Context, me User) (struct{}, error) { return struct{}{}, s.store.RemoveUser(c, me, id) })
	return err
}

// SetManager grants or revokes an admin's marketplace-manager privilege.
func (s *Service) SetManager(id int64, granted bool) (User, error) {
	return act(s, func(c context.Context, me User) (User, error) { return s.store.SetManager(c, me, id, granted) })
}

// SwitchUser signs in as another user of the account.
func (s *Service) SwitchUser(id int64) (User, error) {
	return act(s, func(c context.Context, me User) (User, error) { return s.store.SwitchUser(c, me, id) })
}

// SetRequirePreapproval turns the account's requirement on or off (managers only).
func (s *Service) SetRequirePreapproval(required bool) (Account, error) {
	if o := s.org(context.Background()); o != nil {
		c, cancel := ctx()
		defer cancel()
		a, err := o.SetRequirePreapproval(c, required)
		if err == nil {
			s.emit(ChangedEvent, nil)
		}
		return a, err
	}
	return act(s, func(c context.Context, me User) (Account, error) {
		return s.store.SetRequirePreapproval(c, me, required)
	})
}

func osUserName() string {
	u, err := user.Current()
	if err != nil {
		return ""
	}
	return suggestedName(u, runtime.GOOS)
}

// suggestedName is the OS account's name for the welcome form, or "" when
// the OS account is not a person's: root, or a system account (a service,
// a container's default user), whose name would only have to be erased.
func suggestedName(u *user.User, goos string) string {
	login := u.Username[strings.LastIndex(u.Username, `\`)+1:] // Windows: DOMAIN\name
	if login == "root" || strings.EqualFold(login, "Administrator") || isSystemUID(u.Uid, goos) {
		return ""
	}
	name := strings.TrimSpace(strings.Split(u.Name, ",")[0]) // GECOS: "Full Name,room,phone"
	if name == "" {
		name = u.Username
	}
	return name
}

// isSystemUID: people's accounts start at 1000 on Linux and the BSDs, at 500
// on macOS; Windows SIDs are not numbers and are never taken as system ones.
func isSystemUID(uid, goos string) bool {
	n, err := strconv.Atoi(uid)
	if err != nil {
		return false
	}
	switch goos {
	case "windows":
		return false
	case "darwin":
		return n < 500
	}
	return n < 1000
}
