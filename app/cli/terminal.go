package cli

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Text from feeds, authorization servers and people (listing names,
// summaries, developer websites, error messages) reaches the terminal
// through the CLI. A terminal acts on control characters: ESC sequences
// clear the screen, set the window title or rewrite what was printed
// before; bidi overrides reorder what a person reads. Printable is the one
// function that removes them from human-readable output; JSON output stays
// JSON, with the same characters escaped (see escapeJSON).

// Printable returns s without anything a terminal would act on: ESC
// sequences (CSI, OSC, DCS, ...) whole, C0 controls except tab and newline,
// DEL, C1 controls and their sequences, bidi and invisible formatting
// characters. Invalid UTF-8 becomes U+FFFD (a lone 0x9b byte is CSI to some
// terminals).
func Printable(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == 0x1b:
			i += escapeLen(s[i:])
			continue
		case r >= 0x80 && r <= 0x9f:
			i += size + c1Len(r, s[i+size:])
			continue
		case r == '\t' || r == '\n':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || invisible(r):
			// dropped
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// fprintCells is fmt.Fprintf for lines and tables of third-party text: every
// string argument goes through Cell first.
func fprintCells(w io.Writer, format string, args ...any) {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = Cell(s)
		}
	}
	fmt.Fprintf(w, format, args...)
}

// Cell is Printable for one value in a line or table cell: tabs and line
// breaks become spaces, so third-party text cannot add rows or columns.
func Cell(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' {
			return ' '
		}
		return r
	}, Printable(s))
}

func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\t' && c != '\n') || c >= 0x7f {
			return false
		}
	}
	return true
}

// invisible reports bidi controls and zero-width or line-breaking format
// characters that would make text read differently from what it is.
func invisible(r rune) bool {
	switch {
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, // embeddings, overrides, isolates
		r == 0x200e, r == 0x200f, r == 0x061c, // marks
		r >= 0x200b && r <= 0x200d, r == 0x2060, r == 0xfeff, // zero-width
		r == 0x2028, r == 0x2029: // line and paragraph separators
		return true
	}
	return false
}

// escapeLen is the length of the ESC sequence at the start of s.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		return 2 + csiLen(s[2:])
	case ']', 'P', 'X', '^', '_': // OSC, DCS, SOS, PM, APC: a string up to its terminator
		return 2 + stringLen(s[2:])
	}
	n := 1
	for n < len(s) && s[n] >= 0x20 && s[n] <= 0x2f { // intermediates
		n++
	}
	if n < len(s) && s[n] >= 0x30 && s[n] <= 0x7e { // final
		n++
	}
	return n
}

// c1Len is how much of rest belongs to the sequence a C1 control r opens.
func c1Len(r rune, rest string) int {
	switch r {
	case 0x9b: // CSI
		return csiLen(rest)
	case 0x9d, 0x90, 0x98, 0x9e, 0x9f: // OSC, DCS, SOS, PM, APC
		return stringLen(rest)
	}
	return 0
}

// csiLen: parameter and intermediate bytes, then one final byte.
func csiLen(s string) int {
	for n := 0; n < len(s); n++ {
		c := s[n]
		if c >= 0x40 && c <= 0x7e {
			return n + 1
		}
		if c < 0x20 || c >= 0x7f {
			return n // not a CSI byte: the sequence was cut short
		}
	}
	return len(s)
}

// stringLen: up to and including BEL, ESC \ or the C1 string terminator.
// An unterminated string runs to the end (a terminal would swallow it too).
func stringLen(s string) int {
	for n := 0; n < len(s); n++ {
		switch {
		case s[n] == 0x07:
			return n + 1
		case s[n] == 0x1b:
			if n+1 < len(s) && s[n+1] == '\\' {
				return n + 2
			}
			return n
		case strings.HasPrefix(s[n:], "\u009c"):
			return n + len("\u009c")
		}
	}
	return len(s)
}

// escapeJSON writes C1 controls, bidi and invisible characters of encoded
// JSON as \uXXXX escapes: the same JSON value, safe on a terminal
// (encoding/json already escapes C0 controls).
func escapeJSON(body []byte) []byte {
	if isPlain(string(body)) {
		return body
	}
	var b bytes.Buffer
	for i := 0; i < len(body); {
		r, size := utf8.DecodeRune(body[i:])
		if (r >= 0x80 && r <= 0x9f) || r == 0x7f || invisible(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			b.Write(body[i : i+size])
		}
		i += size
	}
	return b.Bytes()
}
