// Package sandboxtest has a double of the system browser for tests of the
// install flow against the sandbox server: it follows the sandbox's pages,
// answers the consent form, and follows the final redirect to the app.
package sandboxtest

import (
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
)

// Browser implements oauthflow.Opener. Decision is "allow" or "deny"; with
// "" it only opens the consent page and walks away (a closed browser).
type Browser struct {
	Decision string
	// Opened receives every URL the app opened (buffered by the caller).
	Opened chan string
	// Err is the last thing that went wrong in the browser.
	Err error
	// Done is closed once the browser finished its walk (nil to skip).
	Done chan struct{}
}

var hiddenRE = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// Open walks the flow in the background, as a real browser would.
func (b *Browser) Open(authURL string) error {
	if b.Opened != nil {
		select {
		case b.Opened <- authURL:
		default:
		}
	}
	go func() {
		b.Err = b.walk(authURL)
		if b.Done != nil {
			close(b.Done)
		}
	}()
	return nil
}

func (b *Browser) walk(authURL string) error {
	u, err := url.Parse(authURL)
	if err != nil {
		return err
	}
	issuer := u.Scheme + "://" + u.Host
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	resp, err := client.Get(authURL)
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	form := url.Values{}
	for _, m := range hiddenRE.FindAllStringSubmatch(string(body), -1) {
		form.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	if form.Get("authRequestID") == "" {
		return fmt.Errorf("no consent page (%d): %.300s", resp.StatusCode, body)
	}
	if b.Decision == "" {
		return nil
	}
	form.Set("decision", b.Decision)
	req, _ := http.NewRequest(http.MethodPost, issuer+"/consent", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", issuer)
	resp, err = client.Do(req) // follows the redirects to the app's loopback callback
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return errors.New("the app's callback answered " + resp.Status)
	}
	return nil
}
