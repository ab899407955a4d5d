package cli

import (
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
)

// Wide characters (CJK, emoji) take two terminal columns: the columns after
// them must still start at the same display column on every row.
func TestTableAlignsByDisplayWidth(t *testing.T) {
	tb := newTable("ID", "NAME", "RATING")
	tb.row("notes", "Notes", "4.2")
	tb.row("kaigi", "会議メモ", ratingText(0, 0))
	tb.row("emoji", "Chat 😀 Room", ratingText(3.96, 12))
	tb.row("mixed", "Café 日本", "1.0")
	lines := strings.Split(strings.TrimSuffix(tb.String(), "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("lines: %q", lines)
	}
	col := -1
	for _, l := range lines {
		i := strings.LastIndex(l, "  ") + 2
		if w := runewidth.StringWidth(l[:i]); col == -1 {
			col = w
		} else if w != col {
			t.Fatalf("the last column starts at display column %d in %q, %d in the header:\n%s", w, l, col, tb.String())
		}
	}
	if !strings.HasSuffix(lines[2], "  –") || !strings.HasSuffix(lines[3], "  4.0") {
		t.Fatalf("an unrated app shows –, a rated one its rating:\n%s", tb.String())
	}
}

func TestTableCellsCannotAddColumnsOrDriveTheTerminal(t *testing.T) {
	tb := newTable("A", "B")
	tb.row("x\ty\nz", "\x1b[2Jok")
	if got := tb.String(); got != "A      B\nx y z  ok\n" {
		t.Fatalf("table = %q", got)
	}
}

func TestSearchForAWordStartingWithADash(t *testing.T) {
	inv, err := Parse([]string{"apps", "search", "--", "-term"})
	if err != nil || inv.Command != "apps search" || inv.Args[0] != "-term" {
		t.Fatalf("apps search -- -term: %+v %v", inv, err)
	}
	_, err = Parse([]string{"apps", "search", "-term"})
	if !IsUsage(err) || !strings.Contains(err.Error(), "marketdesk apps search -- -term") {
		t.Fatalf("apps search -term: %v; want a usage error with the -- hint", err)
	}
	if !strings.Contains(Usage, "apps search -- -QUERY") {
		t.Fatal("the usage text must show how to search for a word starting with -")
	}
}
