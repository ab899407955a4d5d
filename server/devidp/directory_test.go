package devidp

import (
	"strings"
	"testing"

	"marketdesk/app/apperr"
)

func TestParseDirectoryRefusesAmbiguousConfigs(t *testing.T) {
	cases := map[string]struct{ json, want string }{
		"unknown field":     {`{"users":[],"clients":[{"id":"a","secret":"s","redirect_uri":"http://x/cb"}]}`, "unknown field"},
		"secret and public": {`{"clients":[{"id":"a","secret":"s","public":true,"redirect_uris":["http://x/cb"]}]}`, "either a secret or"},
		"neither":           {`{"clients":[{"id":"a","redirect_uris":["http://x/cb"]}]}`, "either a secret or"},
		"no redirect":       {`{"clients":[{"id":"a","secret":"s"}]}`, "no redirect_uris"},
		"relative redirect": {`{"clients":[{"id":"a","secret":"s","redirect_uris":["/cb"]}]}`, "absolute http or https"},
		"duplicate client":  {`{"clients":[{"id":"a","secret":"s","redirect_uris":["http://x/cb"]},{"id":"a","public":true,"redirect_uris":["http://x/cb"]}]}`, "used twice"},
		"no password":       {`{"users":[{"subject":"u"}]}`, "no password"},
		"no subject":        {`{"users":[{"email":"u@x","password":"p"}]}`, "no subject"},
		"email clash":       {`{"users":[{"subject":"a","email":"X@y","password":"p"},{"subject":"b","email":"x@Y","password":"p"}]}`, "used twice"},
		"subject is email":  {`{"users":[{"subject":"a@y","password":"p"},{"subject":"b","email":"a@y","password":"p"}]}`, "used twice"},
		"not JSON":          {`{"users":`, "not valid JSON"},
	}
	for name, c := range cases {
		_, err := ParseDirectory(strings.NewReader(c.json))
		if err == nil || !strings.Contains(err.Error(), c.want) || apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("%s: %v (code %s), want %q", name, err, apperr.CodeOf(err), c.want)
		}
	}
}

func TestExampleDirectoryLoads(t *testing.T) {
	d, err := LoadDirectory("../../docs/examples/devidp.json")
	if err != nil {
		t.Fatal(err)
	}
	c, ok := d.client("marketdesk-server")
	if !ok || c.Public || len(c.RedirectURIs) != 1 || c.RedirectURIs[0] != "http://127.0.0.1:8420/auth/callback" {
		t.Errorf("marketdesk-server client: %+v", c)
	}
	if len(d.Users) < 2 {
		t.Errorf("users: %+v", d.Users)
	}
}

func TestNewRefusesAnIssuerWithAPath(t *testing.T) {
	for _, issuer := range []string{"", "127.0.0.1:9998", "http://127.0.0.1:9998/idp", "ftp://x", "http://x/?a=b"} {
		if _, err := New(Config{Issuer: issuer}); err == nil {
			t.Errorf("issuer %q accepted", issuer)
		}
	}
}
