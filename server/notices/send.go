package notices

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/riverqueue/river"

	"marketdesk/app/netguard"
)

// send posts req; any 2xx is delivered. Anything else is an error River
// retries, except a URL or address netguard refuses, which no retry fixes.
func (s *Service) send(req *http.Request) error {
	resp, err := s.o.Client.Do(req)
	if err != nil {
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
