package notices

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/riverqueue/river"

	"marketdesk/app/netguard"
)

// userAgent tells receivers who calls (developers filter their logs by it).
const userAgent = "marketdesk-server (notices)"

// send posts req; any 2xx is delivered. Anything else is an error River
// retries, except a URL or address netguard refuses, which no retry fixes.
func (s *Service) send(req *http.Request) error {
	resp, err := s.o.Client.Do(req)
	if err != nil {
		// The error names the URL; a chat webhook's URL is a credential, and
		// River keeps errors in river_job and logs them: keep the host only.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = fmt.Errorf("POST to %s: %w", req.URL.Host, uerr.Err)
		}
		if netguard.IsRefusal(err) {
			return river.JobCancel(err)
		}
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 == 2 {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
		return nil
	}
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
	return fmt.Errorf("%s answered %s: %s", req.URL.Host, resp.Status, strings.TrimSpace(string(snippet)))
}
