package servertest

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"time"
)

// Browser does the system browser's part of a sign-in: it follows the
// redirects to the provider, submits devidp's login form (with its CSRF
// token and cookie) as User, and follows the redirects back to the
// desktop's loopback listener.
type Browser struct {
	User, Password string
}

var hiddenField = regexp.MustCompile(`name="([A-Za-z_]+)" value="([^"]*)"`)

// Open signs in at the sign-in address start.
func (b Browser) Open(start string) error {
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	resp, err := client.Get(start)
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fields := map[string]string{}
	for _, m := range hiddenField.FindAllStringSubmatch(string(body), -1) {
		fields[m[1]] = html.UnescapeString(m[2])
	}
	if fields["csrf_token"] == "" {
		return fmt.Errorf("no login form at %s (%d): %.200s", resp.Request.URL, resp.StatusCode, body)
	}
	page := resp.Request.URL
	form := url.Values{"authRequestID": {fields["authRequestID"]}, "csrf_token": {fields["csrf_token"]},
		"username": {b.User}, "password": {b.Password}}
	resp, err = client.PostForm(page.Scheme+"://"+page.Host+page.Path, form)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}
