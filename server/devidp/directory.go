package devidp

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"marketdesk/app/apperr"
)

// Directory is everything the provider knows: who can sign in and which
// applications may ask. It is read once, from a JSON file (docs/devidp.md).
type Directory struct {
	Users   []User   `json:"users"`
	Clients []Client `json:"clients"`
}

// User is a person who can sign in. Subject becomes the token's "sub"; the
// login form accepts the email or the subject. The password is plain text on
// purpose: this provider is for development and tests only.
type User struct {
	Subject  string   `json:"subject"`
	Email    string   `json:"email"`
	Name     string   `json:"name"`
	Groups   []string `json:"groups"`
	Password string   `json:"password"`
}

// Client is an application allowed to ask for a sign-in. A confidential
// client has a Secret; a public one sets Public and must use PKCE (S256).
// RedirectURIs are compared exactly.
type Client struct {
	ID           string   `json:"id"`
	Secret       string   `json:"secret,omitempty"`
	Public       bool     `json:"public,omitempty"`
	RedirectURIs []string `json:"redirect_uris"`
}

// LoadDirectory reads and checks the JSON file at path.
func LoadDirectory(path string) (Directory, error) {
	f, err := os.Open(path)
	if err != nil {
		return Directory{}, apperr.Wrap(apperr.Invalid, err, "devidp: cannot open the config file %s: %v", path, err)
	}
	defer f.Close()
	d, err := ParseDirectory(f)
	if err != nil {
		return Directory{}, apperr.Wrap(apperr.Invalid, err, "devidp: %s: %v", path, err)
	}
	return d, nil
}

// ParseDirectory decodes a directory and checks it; unknown fields are
// refused so a misspelt key ("redirect_uri") is not silently ignored.
func ParseDirectory(r io.Reader) (Directory, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var d Directory
	if err := dec.Decode(&d); err != nil {
		return Directory{}, apperr.Wrap(apperr.Invalid, err, "devidp: the config is not valid JSON of the documented format: %v", err)
	}
	if err := d.Validate(); err != nil {
		return Directory{}, err
	}
	return d, nil
}

// Validate refuses a directory the provider could not serve unambiguously.
func (d Directory) Validate() error {
	var problems []string
	problems = append(problems, d.userProblems()...)
	problems = append(problems, d.clientProblems()...)
	if len(problems) > 0 {
		return apperr.New(apperr.Invalid, "devidp: the config has problems: %s", strings.Join(problems, "; "))
	}
	return nil
}

func (d Directory) userProblems() []string {
	var problems []string
	seen := map[string]bool{}
	for i, u := range d.Users {
		switch {
		case u.Subject == "":
			problems = append(problems, fmt.Sprintf("users[%d] has no subject", i))
		case u.Password == "":
			problems = append(problems, fmt.Sprintf("user %q has no password", u.Subject))
		}
		// Subjects and emails share one namespace: both are accepted as the login name.
		names := []string{u.Subject}
		if e := strings.ToLower(u.Email); e != "" && e != u.Subject {
			names = append(names, e)
		}
		for _, name := range names {
			if name != "" && seen[name] {
				problems = append(problems, fmt.Sprintf("login name %q is used twice", name))
			}
			seen[name] = true
		}
	}
	return problems
}

func (d Directory) clientProblems() []string {
	var problems []string
	seen := map[string]bool{}
	for i, c := range d.Clients {
		if c.ID == "" {
			problems = append(problems, fmt.Sprintf("clients[%d] has no id", i))
			continue
		}
		if seen[c.ID] {
			problems = append(problems, fmt.Sprintf("client id %q is used twice", c.ID))
		}
		seen[c.ID] = true
		if c.Public == (c.Secret != "") {
			problems = append(problems, fmt.Sprintf("client %q must have either a secret or \"public\": true", c.ID))
		}
		if len(c.RedirectURIs) == 0 {
			problems = append(problems, fmt.Sprintf("client %q has no redirect_uris", c.ID))
		}
		for _, raw := range c.RedirectURIs {
			if err := checkRedirectURI(raw); err != nil {
				problems = append(problems, fmt.Sprintf("client %q: redirect URI %q %v", c.ID, raw, err))
			}
		}
	}
	return problems
}

func checkRedirectURI(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("is not a URL")
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("must be an absolute http or https URL")
	}
	if u.Fragment != "" {
		return errors.New("must not have a fragment")
	}
	return nil
}

func (d Directory) client(id string) (Client, bool) {
	for _, c := range d.Clients {
		if c.ID == id {
			return c, true
		}
	}
	return Client{}, false
}

func (d Directory) userBySubject(sub string) (User, bool) {
	for _, u := range d.Users {
		if u.Subject == sub {
			return u, true
		}
	}
	return User{}, false
}

// userByLogin finds the user whose subject or email (any case) is name.
func (d Directory) userByLogin(name string) (User, bool) {
	name = strings.TrimSpace(name)
	for _, u := range d.Users {
		if u.Subject == name || (u.Email != "" && strings.EqualFold(u.Email, name)) {
			return u, true
		}
	}
	return User{}, false
}
