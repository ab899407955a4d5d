package hostileas

import (
	"errors"
	"net/http"
	"net/http/cookiejar"
	"sync"
)

// Browser is a double of the system browser for these servers: it follows
// every redirect (to another server, to the loopback callback) as a browser
// would, trusting the test servers' certificate. It implements
// oauthflow.Opener.
type Browser struct {
	// Client trusts the servers' certificate (Server.Client()).
	Client *http.Client

	mu      sync.Mutex
	visited []string
	status  int
	err     error
	done    chan struct{}
}

// NewBrowser returns a browser trusting s's certificate (every httptest TLS
// server shares it).
func NewBrowser(s *Server) *Browser {
	return &Browser{Client: s.Client(), done: make(chan struct{})}
}

// Open walks the flow in the background.
func (b *Browser) Open(authURL string) error {
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Transport: b.Client.Transport, Jar: jar,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			b.mu.Lock()
			b.visited = append(b.visited, req.URL.Scheme+"://"+req.URL.Host+req.URL.Path)
			b.mu.Unlock()
			if len(via) > 10 {
				return errors.New("too many redirects")
			}
			return nil
		}}
	b.mu.Lock()
	b.visited = append(b.visited, authURL)
	b.mu.Unlock()
	go func() {
		defer close(b.done)
		resp, err := client.Get(authURL)
		b.mu.Lock()
		defer b.mu.Unlock()
		if err != nil {
			b.err = err
			return
		}
		resp.Body.Close()
		b.status = resp.StatusCode
	}()
	return nil
}

// Wait returns the pages visited (the authorization URL, then every
// redirect) and the final status once the walk is over.
func (b *Browser) Wait() (visited []string, status int, err error) {
	<-b.done
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.visited...), b.status, b.err
}
