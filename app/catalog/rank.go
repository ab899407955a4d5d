package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// The relevance order (docs/performance.md, "Relevance"), after the listings
// named exactly what was typed (exactFirst): tiers, each ordered by bm25 with
// the index's column weights, popularity breaking ties only:
//
//  1. every word whole in the name;
//  2. every word whole anywhere (keywords, summary, description…);
//  3. the last word completed to its most common completion ("pas" →
//     "password"), the others whole;
//  4. the last word as any prefix;
//  5. words sharing only a stem ("images" for "image"), from the stemmed
//     index, when the exact index found fewer than stemBelow listings.
//
// A tier is read only when the ones above do not fill the page, and bm25
// ranks only that tier's matches.

// matchSet is what a person typed as the match expressions of the tiers.
type matchSet struct {
	whole string // every word whole: "a" "b"
	typed string // the last word a prefix: "a" "b"* (every word, for the fallback)
	stem  string // for the stemmed index: every word whole, agent nouns also without -er/-or
	words []string
	// prefix: the last word is being typed (tiers 4 and 5 differ from 1–3).
	prefix bool
}

// newMatchSet quotes every word (user text never reaches FTS5 syntax, as in
// matchQuery); allPrefixes makes every word a prefix (the fallback when
// whole earlier words found nothing).
func newMatchSet(text string, allPrefixes bool) matchSet {
	typed, all := matchQuery(text)
	m := matchSet{typed: typed, words: searchWords(text), prefix: !allPrefixes}
	if allPrefixes {
		m.typed = all
		m.whole = all
	} else {
		m.whole = strings.TrimSuffix(typed, "*")
	}
	var stem []string
	for _, w := range m.words {
		stem = append(stem, stemAlternatives(w))
	}
	m.stem = strings.Join(stem, " AND ") // FTS5 has no implicit AND after a group
	return m
}

// stemAlternatives is a word for the stemmed index. The Porter stemmer
// leaves most agent nouns whole ("editor", "player", "viewer"), so those
// also match their verb: "image editor" finds "edit images".
func stemAlternatives(w string) string {
	q := `"` + w + `"`
	if utf8.RuneCountInString(w) < 5 || !(strings.HasSuffix(w, "er") || strings.HasSuffix(w, "or")) {
		return q
	}
	verb := w[:len(w)-2]
	// "browser": the stemmer makes "browse" "brows", and "brows" "brow".
	return "(" + q + ` OR "` + verb + `" OR "` + verb + `e")`
}

// rowFilters are the per-user filters of a tier query on the match f.
const rowFilters = `
  AND (?3 = 0 OR EXISTS (
        SELECT 1 FROM listings l JOIN approvals_in_force a ON a.listing_id = l.id
        WHERE l.rowid = f.rowid AND (a.scope = 'account' OR (a.scope = 'users' AND EXISTS (
            SELECT 1 FROM approval_users au WHERE au.listing_id = a.listing_id AND au.user_id = ?3)))))
  AND (?4 = 0 OR EXISTS (
        SELECT 1 FROM listings li JOIN installations i ON i.listing_id = li.id
        WHERE li.rowid = f.rowid AND i.status NOT IN ('failed', 'removed')
          AND (i.level = 'account' OR i.user_id = ?4)))`

// tierSQL ranks a tier: bm25 (the index's rank, with its column weights)
// over the tier's matches only, then installs and ratings among equal
// scores, looked up for the best few only. Written by hand, as every query
// on the index: sqlc cannot name its rowid. SQLite sorts by the rank
// ("+ 0"), not FTS5: FTS5's own sort computes bm25's statistics (a scan of
// every term's doclist) a second time when the rank is read, which cost a
// third of a tier.
const tierSQL = `SELECT r.rowid FROM (
  SELECT f.rowid AS rowid, f.rank AS rank FROM listings_fts(?1) f WHERE ?5 = ?5` + rowFilters + `
  ORDER BY f.rank + 0 LIMIT ?2 + 16) r
JOIN listings l ON l.rowid = r.rowid
ORDER BY r.rank, l.installs DESC, l.rating_count DESC, l.rowid
LIMIT ?2`

// stemTierSQL ranks the matches of the stemmed index (?1) that are not exact
// matches (?5: all of them, a JSON array of rowids), as tierSQL, and counts
// them (n, on every row: bm25 has read them all anyway).
const stemTierSQL = `SELECT r.rowid, r.n FROM (
  SELECT f.rowid AS rowid, f.rank AS rank, count(*) OVER () AS n FROM listings_stem(?1) f
  WHERE f.rowid NOT IN (SELECT j.value FROM json_each(?5) j)` + rowFilters + `
  ORDER BY f.rank + 0 LIMIT ?2 + 16) r
JOIN listings l ON l.rowid = r.rowid
ORDER BY r.rank, l.installs DESC, l.rating_count DESC, l.rowid
LIMIT ?2`

const stemCountSQL = `SELECT count(*) FROM listings_stem(?1) f
WHERE f.rowid NOT IN (SELECT rowid FROM listings_fts(?5))` + rowFilters

// completionSQL is the most common word starting with the word being typed,
// by the listings whose name, keywords or summary use it.
const completionSQL = `SELECT term FROM listings_vocab
WHERE term > ?1 AND term < ?1 || char(1114111) AND col IN ('name', 'keywords', 'summary')
GROUP BY term ORDER BY sum(doc) DESC, term LIMIT 1`

// ranker reads the tiers of one search.
type ranker struct {
	db     *preparedReader
	m      matchSet
	filter string // facetFilter of the search
	f      filters
	count  *pendingCount // the number of exact matches, counted beside the tiers
	// stemmed is the number of matches by stem only, when the page read
	// them (-1: not read).
	stemmed int64
}

// stemCount is the number of matches of the stemmed index that the exact
// one lacks (0 when exact has stemBelow matches or more).
func (r *ranker) stemCount(ctx context.Context, exact int64) (int64, error) {
	if exact >= stemBelow || r.m.stem == "" {
		return 0, nil
	}
	var n int64
	err := r.db.QueryRowContext(ctx, stemCountSQL, inColumns(stemColumns, r.m.stem)+r.filter, 0,
		r.f.approvedFor, r.f.installedFor, inColumns(textColumns, r.m.typed)).Scan(&n)
	return n, err
}

// page returns the first need rowids of the relevance order (after exact
// names), reading tiers until it has them.
func (r *ranker) page(ctx context.Context, need int64) ([]int64, error) {
	r.stemmed = -1
	// Each tier is split by column (name, then the short text, then the
	// description) so that bm25 ranks a few hundred matches, not tens of
	// thousands, for a common word. Each tier's match includes the tiers
	// above (read drops them).
	tiers := []string{inColumns(nameColumns, r.m.whole), inColumns(shortColumns, r.m.whole), inColumns(textColumns, r.m.whole)}
	page, err := r.read(ctx, tiers, need, nil)
	if err == nil && int64(len(page)) < need && r.m.prefix && !r.allExact(page) {
		page, err = r.prefixTiers(ctx, need, page)
	}
	if err != nil || int64(len(page)) >= need {
		return page, err
	}
	// The page now holds every exact match (the tiers ran out).
	exact, err := r.count.wait()
	if err != nil || exact >= stemBelow || r.m.stem == "" {
		r.stemmed = 0
		return page, err
	}
	more, err := r.stemTier(ctx, need-int64(len(page)), page)
	return append(page, more...), err
}

// allExact reports whether page already holds every exact match, when the
// count (run beside the tiers) is done: the tiers below would find nothing
// new, and their prefix terms are the slowest to rank. It does not wait for
// the count: waiting made the tiers and the count run one after the other
// on a loaded machine.
func (r *ranker) allExact(page []int64) bool {
	n, ok := r.count.ready()
	return ok && int64(len(page)) >= n
}

// stemTier is the first lim matches by stem only (exact: every exact
// match), and sets stemmed.
func (r *ranker) stemTier(ctx context.Context, lim int64, exact []int64) ([]int64, error) {
	list, _ := json.Marshal(append([]int64{}, exact...)) // [], never null
	rows, err := r.db.QueryContext(ctx, stemTierSQL, inColumns(stemColumns, r.m.stem)+r.filter, lim,
		r.f.approvedFor, r.f.installedFor, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	r.stemmed = 0
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id, &r.stemmed); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// prefixTiers appends the matches of the completion of the word being
// typed, then of any prefix, to page. The completion is looked up only
// here: most searches fill their page with whole words.
func (r *ranker) prefixTiers(ctx context.Context, need int64, page []int64) ([]int64, error) {
	c, err := r.completion(ctx)
	if err != nil {
		return nil, err
	}
	var tiers []string
	if c != "" {
		terms := strings.TrimSuffix(r.m.typed, `"`+lastWord(r.m.typed)+`"*`) + `"` + c + `"`
		tiers = append(tiers, inColumns(nameColumns, terms), inColumns(textColumns, terms))
	}
	return r.read(ctx, append(tiers, inColumns(textColumns, r.m.typed)), need, page)
}

// read appends the tiers' matches to page, in order, until it has need.
// A tier is read only when the tiers above ran out, so page holds all of
// their listings: each tier's match may include them (they are dropped
// here) instead of excluding them with NOT, which cost as much again (bm25
// scans the doclist of every term of the match, the excluded ones too, for
// its statistics).
func (r *ranker) read(ctx context.Context, tiers []string, need int64, page []int64) ([]int64, error) {
	seen := make(map[int64]bool, need)
	for _, id := range page {
		seen[id] = true
	}
	for _, t := range tiers {
		if int64(len(page)) >= need || r.allExact(page) {
			break
		}
		more, err := r.rowids(ctx, tierSQL, "("+t+")"+r.filter, need, "")
		if err != nil {
			return nil, err
		}
		for _, id := range more {
			if !seen[id] && int64(len(page)) < need {
				seen[id] = true
				page = append(page, id)
			}
		}
	}
	return page, nil
}

func (r *ranker) rowids(ctx context.Context, query, match string, lim int64, exact string) ([]int64, error) {
	rows, err := r.db.QueryContext(ctx, query, match, lim, r.f.approvedFor, r.f.installedFor, exact)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// completion is the most common completion of the word being typed, or ""
// (a word under 3 letters: too many completions to read them all).
func (r *ranker) completion(ctx context.Context) (string, error) {
	if len(r.m.words) == 0 {
		return "", nil
	}
	last := r.m.words[len(r.m.words)-1]
	if utf8.RuneCountInString(last) < 3 {
		return "", nil
	}
	var term string
	err := r.db.QueryRowContext(ctx, completionSQL, last).Scan(&term)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return term, err
}

// lastWord is the last quoted word of a match expression.
func lastWord(match string) string {
	match = strings.TrimSuffix(match, "*")
	match = strings.TrimSuffix(match, `"`)
	return match[strings.LastIndex(match, `"`)+1:]
}

// exactByRelevanceSQL orders listings of the same exact name (?2, a JSON
// array of rowids): verified developers first, then by the bm25 of what was
// typed (?1) over all their text (a name alone says nothing of which
// "Calculator" is the calculator), then installs.
const exactByRelevanceSQL = `SELECT l.rowid FROM listings l
LEFT JOIN (SELECT f.rowid AS rowid, f.rank AS rank FROM listings_fts(?1) f
           WHERE f.rowid IN (SELECT j.value FROM json_each(?2) j)) r ON r.rowid = l.rowid
WHERE l.rowid IN (SELECT j.value FROM json_each(?2) j)
ORDER BY l.developer_verified DESC, coalesce(r.rank, 0), l.installs DESC, l.rowid`

// byRelevance orders the exact-name matches (exactFirst) by exactByRelevanceSQL.
func byRelevance(ctx context.Context, reader *preparedReader, exact []int64, text string) ([]int64, error) {
	if len(exact) < 2 {
		return exact, nil
	}
	typed, _ := matchQuery(text)
	ids, _ := json.Marshal(exact)
	rows, err := reader.QueryContext(ctx, exactByRelevanceSQL, inColumns(textColumns, typed), string(ids))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
