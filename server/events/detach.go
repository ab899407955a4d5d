package events

import (
	"errors"
	"net/http"
	"strings"
)

// start sends the response's header. Over HTTP/1.x the stream detaches
// from net/http: it takes the connection (Hijack), writes the header itself
// and then writes events straight on the socket, delimited by the end of
// the connection (Connection: close), as the event-stream format allows.
// That drops, per idle desktop, the request's goroutine with its stack and
// net/http's read and write buffers: about 20 KB of the 30 KB a desktop may
// cost (issue 11). HTTP/2 streams cannot be taken; they stay on the
// ResponseWriter.
func (s *stream) start(w http.ResponseWriter, r *http.Request) error {
	rc := http.NewResponseController(w)
	if r.ProtoMajor == 1 {
		conn, _, err := rc.Hijack() // a GET has no body: net/http's buffers are left behind
		if err == nil {
			s.conn = conn
			var head strings.Builder
			head.WriteString("HTTP/1.1 200 OK\r\n")
			w.Header().Set("Connection", "close")
			_ = w.Header().Write(&head) // the middleware's headers (X-Request-Id) too
			head.WriteString("\r\n")
			return s.write([]byte(head.String()))
		}
		if !errors.Is(err, http.ErrNotSupported) {
			return err
		}
	}
	s.w, s.rc = w, rc
	w.WriteHeader(http.StatusOK)
	return rc.Flush()
}
