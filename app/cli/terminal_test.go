package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// hostile holds what a feed can put in a listing's text to take over a
// terminal: set the title (OSC), clear the screen (CSI), a C1 CSI, a
// bidi override, a DCS string, a lone invalid byte, a backspace and a CR.
const hostile = "Notes\x1b]0;pwned\x07 \x1b[2J\u009b31mred \u202eevil\u202c \x1bP1;2|x\x1b\\ok\xff\b\r!"

func controlFree(t *testing.T, s string) {
	t.Helper()
	for _, r := range s {
		if r == 0x1b || r == 0x07 || (r < 0x20 && r != '\t' && r != '\n') || (r >= 0x7f && r <= 0x9f) || invisible(r) {
			t.Fatalf("%q still holds %U", s, r)
		}
	}
}

func TestPrintableRemovesTerminalControlSequences(t *testing.T) {
	got := Printable(hostile)
	controlFree(t, got)
	if got != "Notes red evil ok\uFFFD!" {
		t.Fatalf("Printable = %q", got)
	}
	if plain := "Notes\tfor teams\nline two — ok ✓"; Printable(plain) != plain {
		t.Fatalf("plain text changed: %q", Printable(plain))
	}
	if got := Printable("cut\x1b[12"); got != "cut" {
		t.Fatalf("an unterminated CSI: %q", got)
	}
	if got := Printable("title\x1b]0;never ends"); got != "title" {
		t.Fatalf("an unterminated OSC: %q", got)
	}
}

func TestCellKeepsThirdPartyTextOnOneLine(t *testing.T) {
	if got := Cell("a\tb\nFAKE ROW"); got != "a b FAKE ROW" {
		t.Fatalf("Cell = %q", got)
	}
}

func TestJSONOutputEscapesWhatATerminalWouldRun(t *testing.T) {
	body, _ := json.Marshal(map[string]string{"name": hostile})
	out := escapeJSON(body)
	controlFree(t, string(out))
	var back map[string]string
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	want := strings.ToValidUTF8(hostile, "\uFFFD")
	if back["name"] != want {
		t.Fatalf("JSON value changed: %q, want %q", back["name"], want)
	}
}
