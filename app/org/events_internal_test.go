package org

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"
)

func reader(s string) *sseReader {
	return &sseReader{r: bufio.NewReaderSize(strings.NewReader(s), 16<<10)}
}

// The reader follows the SSE format: multi-line data, comments, and the
// end of the stream.
func TestSSEReaderParsesEvents(t *testing.T) {
	r := reader("retry: 2000\n\n: keep-alive\n\nid: 7\nevent: request.decided\ndata: {\"a\":\ndata: 1}\n\nid: 8\nevent: ready\ndata: {}\n\n")
	var got []string
	for {
		e, err := r.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if e != nil {
			got = append(got, e.ID+" "+e.Kind+" "+string(e.Data))
		}
	}
	want := []string{"7 request.decided {\"a\":\n1}", "8 ready {}"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q", got)
	}
}

// Bounded: an endless line, an event too large, data that is not JSON and
// a non-numeric id break the stream instead of growing memory or
// corrupting the resume position.
func TestSSEReaderRefusesWhatIsOutOfBounds(t *testing.T) {
	for name, in := range map[string]string{
		"long line":  "data: " + strings.Repeat("x", maxLineBytes+10) + "\n\n",
		"huge event": strings.Repeat("data: "+strings.Repeat("1", 60<<10)+"\n", 6) + "\n",
		"not JSON":   "event: x\ndata: {nope\n\n",
		"bad id":     "id: 12abc\nevent: x\n\n",
		"cut":        "id: 3\nevent: x\n",
	} {
		_, err := reader(in).next()
		if err == nil || errors.Is(err, io.EOF) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}
