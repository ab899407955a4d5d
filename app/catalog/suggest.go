package catalog

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// suggestBelow is the number of results under which a search offers
// "Did you mean …?": with that few, a typo is the likely reason.
const suggestBelow = 3

// vocabularyNearSQL lists the words of listing names, summaries and
// categories (listings_vocab, 0012_vocab.sql) whose length is near a typed
// word's, with the number of listings using each. Written by hand: sqlc
// cannot read an fts5vocab table's columns.
// Only words with the same first letter are read (a range of the
// vocabulary, which fts5vocab reads in order): reading it all costs tens of
// milliseconds at 100k listings, and a typo in the first letter is the rarest.
const vocabularyNearSQL = `SELECT term, sum(doc) FROM listings_vocab
WHERE term >= ?1 AND term < ?2 AND col IN ('name', 'summary', 'categories') AND length(term) BETWEEN ?3 AND ?4
GROUP BY term`

// vocabularyHasSQL: is the word (or, for the word being typed, a word
// starting with it) in the index? Known words are never corrected.
const vocabularyHasSQL = `SELECT EXISTS (SELECT 1 FROM listings_vocab
WHERE col IN ('name', 'developer_name', 'summary', 'description', 'categories')
  AND term >= ?1 AND term < ?1 || char(1114111) AND (?2 OR term = ?1))`

// suggest is the query with each unknown word replaced by the nearest word
// of the index ("calender" → "calendar"), or "" when no word needs it or
// none is near enough. Nearest is the Damerau–Levenshtein distance, at most
// 1 for words up to 4 letters and 2 beyond, among the words with the same
// first letter; among equals, the word most listings use.
func (s *Searcher) suggest(ctx context.Context, text string) (string, error) {
	words := searchWords(text)
	changed := false
	for i, w := range words {
		known := false
		prefix := i == len(words)-1 // the word being typed may be unfinished
		if err := s.reader.QueryRowContext(ctx, vocabularyHasSQL, w, prefix).Scan(&known); err != nil {
			return "", err
		}
		if known || utf8.RuneCountInString(w) < 3 {
			continue // too short to guess what was meant
		}
		best, err := s.nearestWord(ctx, w)
		if err != nil {
			return "", err
		}
		if best != "" {
			words[i], changed = best, true
		}
	}
	if !changed {
		return "", nil
	}
	return strings.Join(words, " "), nil
}

// nearestWord is the index word nearest to w, or "" when none is within reach.
func (s *Searcher) nearestWord(ctx context.Context, w string) (string, error) {
	n := utf8.RuneCountInString(w)
	reach := 1
	if n > 4 {
		reach = 2
	}
	first, _ := utf8.DecodeRuneInString(w)
	rows, err := s.reader.QueryContext(ctx, vocabularyNearSQL, string(first), string(first+1), n-reach, n+reach)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	best, bestDist, bestCount := "", reach+1, int64(0)
	for rows.Next() {
		var term string
		var count int64
		if err := rows.Scan(&term, &count); err != nil {
			return "", err
		}
		if term == "" || !unicode.IsLetter([]rune(term)[0]) {
			continue // facet tokens and numbers are nobody's meaning
		}
		d := editDistance(w, term, reach)
		if d > reach {
			continue
		}
		if d < bestDist || (d == bestDist && (count > bestCount || count == bestCount && term < best)) {
			best, bestDist, bestCount = term, d, count
		}
	}
	return best, rows.Err()
}

// searchWords are the words of a query as the index sees them: letters and
// digits, lower case, without diacritics (unicode61 remove_diacritics 2).
func searchWords(text string) []string {
	var plain strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(text)) {
		if !unicode.Is(unicode.Mn, r) {
			plain.WriteRune(r)
		}
	}
	words := strings.FieldsFunc(plain.String(), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
	if len(words) > 12 {
		words = words[:12] // as matchQuery: a longer query is a paste
	}
	return words
}

// editDistance is the optimal-string-alignment distance between a and b
// (insertions, deletions, substitutions and swaps of neighbours), or
// limit+1 as soon as it must exceed limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if abs(len(ra)-len(rb)) > limit {
		return limit + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(rb)], limit+1)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
