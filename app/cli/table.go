package cli

import (
	"fmt"
	"strings"

	"github.com/mattn/go-runewidth"
)

// textTable is a table for the terminal. Columns line up by display width,
// not by bytes or characters: a CJK character or an emoji takes two columns
// of the terminal, a combining mark none (text/tabwriter counts characters,
// which misaligns every row after a wide name).
type textTable struct {
	rows [][]string
}

// columnGap is the space between columns.
const columnGap = 2

// newTable starts a table with its header row.
func newTable(header ...string) *textTable {
	return &textTable{rows: [][]string{header}}
}

// row adds a row. Every cell goes through Cell: text from feeds and people
// cannot drive the terminal or add rows and columns.
func (t *textTable) row(cells ...any) {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = Cell(fmt.Sprint(c))
	}
	t.rows = append(t.rows, out)
}

// String renders the table; the last cell of a row is not padded.
func (t *textTable) String() string {
	var widths []int
	for _, r := range t.rows {
		for i, c := range r {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], runewidth.StringWidth(c))
		}
	}
	var b strings.Builder
	for _, r := range t.rows {
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-runewidth.StringWidth(c)+columnGap))
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// ratingText is a rating as tables show it: "–" for an app nobody rated
// yet, rather than a 0.0 that reads as a bad grade.
func ratingText(rating float64, count int64) string {
	if count == 0 || rating == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f", rating)
}
