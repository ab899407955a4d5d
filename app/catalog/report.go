package catalog

import "unicode/utf8"

// Bounds of a sync report: a feed of bad entries must not make a report
// (and the memory holding it) as large as itself.
const (
	maxReportedSkips = 100
	maxEntryLabel    = 80
	maxSkipReason    = 300
)

// skip records a skipped entry: the first maxReportedSkips by name, clipped;
// the rest only counted.
func (r *SourceResult) skip(label, reason string) {
	if len(r.Skipped) >= maxReportedSkips {
		r.SkippedMore++
		return
	}
	r.Skipped = append(r.Skipped, EntryProblem{Source: r.Source, Entry: clipRunes(label, maxEntryLabel), Reason: clipRunes(reason, maxSkipReason)})
}

// SkippedCount is every skipped entry, named or not.
func (r SourceResult) SkippedCount() int { return len(r.Skipped) + r.SkippedMore }

// clipRunes shortens s to max characters, marking the cut with "…".
func clipRunes(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max-1 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}
