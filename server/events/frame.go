package events

import (
	"bytes"
	"strconv"
)

// frame is one event as it travels from the hub to the streams: encoded
// once as Server-Sent Events bytes and shared, read-only, by every stream
// that receives it (a burst to 10,000 desktops costs one encoding).
type frame struct {
	id      int64
	account int64
	user    int64
	kind    Kind
	wire    []byte
}

func newFrame(id, account, user int64, kind Kind, data []byte) *frame {
	return &frame{id: id, account: account, user: user, kind: kind, wire: encodeSSE(id, kind, data)}
}

// visibleTo applies the contract's rule: UserID 0 is everyone in the
// account; otherwise that user and the account's managers.
func (f *frame) visibleTo(account, user int64, manages bool) bool {
	return f.account == account && (f.user == 0 || f.user == user || manages)
}

// encodeSSE writes one event: "id:", "event:", one "data:" line per line of
// data (a JSON value; jsonb's text has none, but the format requires it),
// and the blank line that ends it. id 0 writes no "id:" line, so a control
// event does not move the desktop's Last-Event-ID.
func encodeSSE(id int64, kind Kind, data []byte) []byte {
	b := make([]byte, 0, 32+len(kind)+len(data))
	if id > 0 {
		b = append(b, "id: "...)
		b = strconv.AppendInt(b, id, 10)
		b = append(b, '\n')
	}
	b = append(b, "event: "...)
	b = append(b, kind...)
	b = append(b, '\n')
	if len(data) == 0 {
		data = []byte("{}")
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		b = append(b, "data: "...)
		b = append(b, bytes.TrimSuffix(line, []byte("\r"))...)
		b = append(b, '\n')
	}
	return append(b, '\n')
}
