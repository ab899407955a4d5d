package catalog

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// Limits of the feed scanner (docs/catalog-feed.md, "Limits"). They bound
// the memory a feed can make Marketdesk use, whatever the feed holds: an
// entry is kept in memory only up to MaxEntryBytes, and everything else
// (whitespace, header values, an over-size entry) is read and dropped.
const (
	MaxEntryBytes = 1 << 20
	MaxDepth      = 32
	// maxHeaderValue bounds a header value that is kept (name, schema_version).
	maxHeaderValue = 4 << 10
	// maxKeptID bounds the id read out of an entry to name it in the report.
	maxKeptID = 256
)

// scanner reads a JSON document byte by byte from a buffered stream. It keeps
// (captures) only what it is asked to, up to a limit; past the limit it goes
// on reading to find the value's end without keeping anything.
type scanner struct {
	r     *bufio.Reader
	off   int64 // bytes read so far
	depth int

	capturing bool
	buf       []byte
	limit     int
	over      bool // the captured value outgrew limit; buf stops growing

	// textProblem is the first problem found in a string of the current
	// entry that JSON decoding would hide (a lone surrogate, a NUL).
	textProblem string
}

func newScanner(r io.Reader) *scanner {
	return &scanner{r: bufio.NewReaderSize(r, 64<<10)}
}

// errCutShort is the end of the data in the middle of the document.
var errCutShort = &FeedError{"the feed is cut short"}

// ifCut words a cut-short error for where it happened; any other error (too
// large, too slow) keeps its own words.
func ifCut(err error, msg string) error {
	if err == errCutShort {
		return &FeedError{msg}
	}
	return err
}

// errTooDeep: nesting is bounded so that a run of '[' cannot grow a stack.
var errTooDeep = &FeedError{fmt.Sprintf("the feed nests arrays and objects deeper than %d levels", MaxDepth)}

func (s *scanner) readByte() (byte, error) {
	c, err := s.r.ReadByte()
	if err != nil {
		return 0, s.readErr(err)
	}
	s.off++
	if s.capturing {
		if len(s.buf) < s.limit {
			s.buf = append(s.buf, c)
		} else {
			s.over = true
		}
	}
	return c, nil
}

// unread gives back the byte just read (the end of a number or literal).
func (s *scanner) unread() {
	_ = s.r.UnreadByte()
	s.off--
	if s.capturing && !s.over && len(s.buf) > 0 {
		s.buf = s.buf[:len(s.buf)-1]
	}
}

// readErr keeps the reader's own errors (too large, too slow) as they are:
// they name the cause; only a plain end of data is "cut short".
func (s *scanner) readErr(err error) error {
	if errors.Is(err, io.EOF) {
		return errCutShort
	}
	var fe *FeedError
	if errors.As(err, &fe) {
		return fe
	}
	return &FeedError{"the feed could not be read: " + err.Error()}
}

func (s *scanner) syntax(format string, args ...any) error {
	return &FeedError{fmt.Sprintf("the feed is not valid JSON (at byte %d: %s)", s.off, fmt.Sprintf(format, args...))}
}

// next returns the next byte that is not whitespace.
func (s *scanner) next() (byte, error) {
	for {
		s.skipSpaces()
		c, err := s.readByte()
		if err != nil {
			return 0, err
		}
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return c, nil
	}
}

// expect reads the next non-space byte and fails with msg unless it is want.
func (s *scanner) expect(want byte, msg string) error {
	c, err := s.next()
	if err != nil {
		return err
	}
	if c != want {
		return &FeedError{msg}
	}
	return nil
}

// value reads the rest of a value whose first byte c was just read.
func (s *scanner) value(c byte) error {
	switch {
	case c == '"':
		return s.str(nil, 0)
	case c == '{':
		return s.object(nil)
	case c == '[':
		return s.array()
	case c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n':
		return s.literal()
	}
	return s.syntax("unexpected %q", c)
}

// literal reads the rest of a number, true, false or null. Its exact syntax
// is checked when a kept entry is decoded; a dropped one needs only its end.
func (s *scanner) literal() error {
	for {
		c, err := s.r.ReadByte()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return s.readErr(err)
		}
		s.off++
		if s.capturing {
			if len(s.buf) < s.limit {
				s.buf = append(s.buf, c)
			} else {
				s.over = true
			}
		}
		if !isLiteralByte(c) {
			s.unread()
			return nil
		}
	}
}

func isLiteralByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '+' || c == '.'
}

func (s *scanner) array() error {
	if s.depth++; s.depth > MaxDepth {
		return errTooDeep
	}
	c, err := s.next()
	if err != nil {
		return err
	}
	if c == ']' {
		s.depth--
		return nil
	}
	for {
		if err := s.value(c); err != nil {
			return err
		}
		if c, err = s.next(); err != nil {
			return err
		}
		switch c {
		case ']':
			s.depth--
			return nil
		case ',':
			if c, err = s.next(); err != nil {
				return err
			}
		default:
			return s.syntax("expected , or ] in an array, found %q", c)
		}
	}
}

// object reads the rest of an object. onKey, when set, is given each key of
// this object (not of nested ones) and the first byte of its value; it
// returns true when it has read the value itself.
func (s *scanner) object(onKey func(key []byte, c byte) (bool, error)) error {
	if s.depth++; s.depth > MaxDepth {
		return errTooDeep
	}
	c, err := s.next()
	if err != nil {
		return err
	}
	if c == '}' {
		s.depth--
		return nil
	}
	var key []byte
	for {
		if c != '"' {
			return s.syntax("expected a key in an object, found %q", c)
		}
		key = key[:0]
		if err := s.str(&key, 16); err != nil {
			return err
		}
		if err := s.expect(':', fmt.Sprintf("the feed is not valid JSON (at byte %d: expected : after a key)", s.off)); err != nil {
			return err
		}
		if c, err = s.next(); err != nil {
			return err
		}
		done := false
		if onKey != nil {
			if done, err = onKey(key, c); err != nil {
				return err
			}
		}
		if !done {
			if err := s.value(c); err != nil {
				return err
			}
		}
		if c, err = s.next(); err != nil {
			return err
		}
		switch c {
		case '}':
			s.depth--
			return nil
		case ',':
			if c, err = s.next(); err != nil {
				return err
			}
		default:
			return s.syntax("expected , or } in an object, found %q", c)
		}
	}
}

// str reads the rest of a string (the opening quote was read). keep, when
// set, receives the string's raw bytes (escapes undecoded) up to keepMax.
// Lone surrogates and NUL are noted in textProblem: decoding would turn the
// first into U+FFFD silently and let the second through.
func (s *scanner) str(keep *[]byte, keepMax int) error {
	high := false // the previous character was a \u high surrogate
	lone := func() { s.noteText(`a lone surrogate (\ud800–\udfff) in a string`) }
	for {
		if !high && (keep == nil || len(*keep) >= keepMax) && s.skipPlain() > 0 {
			continue
		}
		c, err := s.readByte()
		if err != nil {
			return err
		}
		if c == '"' {
			if high {
				lone()
			}
			return nil
		}
		if keep != nil && len(*keep) < keepMax {
			*keep = append(*keep, c)
		}
		switch {
		case c < 0x20:
			return s.syntax("a control character in a string")
		case c != '\\':
			if high {
				lone()
				high = false
			}
			continue
		}
		e, err := s.readByte()
		if err != nil {
			return err
		}
		if keep != nil && len(*keep) < keepMax {
			*keep = append(*keep, e)
		}
		if e != 'u' {
			if high {
				lone()
				high = false
			}
			if !isEscape(e) {
				return s.syntax("an invalid escape \\%c in a string", e)
			}
			continue
		}
		v, err := s.hex4(keep, keepMax)
		if err != nil {
			return err
		}
		switch {
		case v == 0:
			s.noteText("a NUL character (\\u0000) in a string")
		case v >= 0xD800 && v <= 0xDBFF:
			if high {
				lone()
			}
			high = true
			continue
		case v >= 0xDC00 && v <= 0xDFFF:
			if !high {
				lone()
			}
		default:
			if high {
				lone()
			}
		}
		high = false
	}
}

func isEscape(e byte) bool {
	switch e {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return true
	}
	return false
}

func (s *scanner) hex4(keep *[]byte, keepMax int) (rune, error) {
	var v rune
	for range 4 {
		c, err := s.readByte()
		if err != nil {
			return 0, err
		}
		if keep != nil && len(*keep) < keepMax {
			*keep = append(*keep, c)
		}
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, s.syntax("an invalid \\u escape in a string")
		}
		v = v<<4 | rune(d)
	}
	return v, nil
}

func (s *scanner) noteText(problem string) {
	if s.textProblem == "" {
		s.textProblem = "the entry contains " + problem
	}
}

// capture starts keeping the bytes read from now on, c (already read) first.
func (s *scanner) capture(c byte, limit int) {
	s.capturing, s.over, s.limit = true, false, limit
	s.buf = append(s.buf[:0], c)
	s.textProblem = ""
}

// release stops keeping bytes and returns what was kept (nil if it outgrew
// its limit). The buffer is reused: the caller must copy what it keeps.
func (s *scanner) release() []byte {
	s.capturing = false
	if s.over {
		return nil
	}
	return s.buf
}

// atEOF says whether only whitespace is left.
func (s *scanner) atEOF() bool {
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			return errors.Is(err, io.EOF)
		}
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return false
	}
}

// skipSpaces and skipPlain read a run of whitespace, or of string bytes
// that need no look (no quote, backslash or control character), straight
// from the buffer: the byte-at-a-time path is several times slower on
// long strings and runs of whitespace.
func (s *scanner) skipSpaces() {
	b, _ := s.r.Peek(s.r.Buffered())
	n := 0
	for n < len(b) && (b[n] == ' ' || b[n] == '\n' || b[n] == '\t' || b[n] == '\r') {
		n++
	}
	s.take(b, n)
}

func (s *scanner) skipPlain() int {
	b, _ := s.r.Peek(s.r.Buffered())
	n := 0
	for n < len(b) && b[n] != '"' && b[n] != '\\' && b[n] >= 0x20 {
		n++
	}
	s.take(b, n)
	return n
}

// take consumes the first n bytes of b, the peeked buffer.
func (s *scanner) take(b []byte, n int) {
	if n == 0 {
		return
	}
	if s.capturing {
		if room := s.limit - len(s.buf); n > room {
			s.buf = append(s.buf, b[:max(room, 0)]...)
			s.over = true
		} else {
			s.buf = append(s.buf, b[:n]...)
		}
	}
	s.r.Discard(n)
	s.off += int64(n)
}
