package catalog

import (
	"context"
	"database/sql"
	"encoding/hex"
	"strconv"
	"strings"
)

// indexNewListingsSQL adds the listings a sync inserted to the search
// indexes: the exact one and the stemmed one (0013_relevance.sql).
// Written by hand: sqlc cannot name the rowid of an FTS5 table.
var indexNewListingsSQL = [...]string{
	`INSERT INTO listings_fts (rowid, name, keywords, developer_name, summary, description, categories, facets)
SELECT rowid, name, keywords, developer_name, summary, description, categories, facets FROM listings WHERE rowid > ?`,
	`INSERT INTO listings_stem (rowid, name, keywords, summary, description, categories, facets)
SELECT rowid, name, keywords, summary, description, categories, facets FROM listings WHERE rowid > ?`,
}

// indexNewListings indexes every listing with a rowid above maxBefore, one
// statement per index, inside the sync's transaction.
func indexNewListings(ctx context.Context, tx *sql.Tx, maxBefore int64) error {
	for _, q := range indexNewListingsSQL {
		if _, err := tx.ExecContext(ctx, q, maxBefore); err != nil {
			return err
		}
	}
	return nil
}

// Facets are tokens indexed in the facets column of listings_fts (see
// db/migrations/0006_search.sql), so that a search filters and orders by
// type, category and popularity inside the index, without reading a listing
// row per match. facetsOf and the migration must agree.
const (
	facetType       = "0t" // + "user" or "account"
	facetCategory   = "0c" // + the hex of the category name: any name is one token
	facetPopularity = "0p" // + the number of digits of installs, 1 to maxPopularity
	maxPopularity   = 7    // a million installs and more
)

// textColumns restricts what a person typed to the listing text;
// nameColumns to its name; stemColumns is textColumns of
// the stemmed index (which has no developer column).
const (
	textColumns  = "{name keywords developer_name summary description categories}"
	nameColumns  = "{name}"
	shortColumns = "{name keywords developer_name summary categories}"
	stemColumns  = "{name keywords summary description categories}"
)

// inColumns restricts terms to columns. Restricting to every
// text column (textColumns, stemColumns) is left out when no word can match
// a facet token (they all start with "0"): the same matches and the same
// bm25, but FTS5 no longer decodes each match's positions to check its
// column, which made counting and ranking ~30 % slower.
func inColumns(columns, terms string) string {
	if (columns == textColumns || columns == stemColumns) && !strings.Contains(terms, `"0`) {
		return "(" + terms + ")" // every term is quoted (matchQuery): none starts with 0
	}
	return "(" + columns + " : (" + terms + "))"
}

// facetsOf is the facets column of a listing.
func facetsOf(r listingRow) string {
	var b strings.Builder
	b.WriteString(facetType + r.Type)
	b.WriteString(" " + facetPopularity + strconv.Itoa(popularityTier(r.Stats.Installs)))
	for _, c := range r.Categories {
		b.WriteString(" " + facetCategory + hex.EncodeToString([]byte(c)))
	}
	return b.String()
}

// popularityTier is the number of digits of installs, at most maxPopularity.
func popularityTier(installs int64) int {
	return min(len(strconv.FormatInt(max(installs, 0), 10)), maxPopularity)
}

// facetFilter is the part of a match that keeps the listings of a type and a
// category ("" for either means any): "" or " AND facets : (...)".
func facetFilter(typ, category string) string {
	var terms []string
	if typ != "" {
		terms = append(terms, `"`+facetType+typ+`"`)
	}
	if category != "" {
		terms = append(terms, `"`+facetCategory+hex.EncodeToString([]byte(category))+`"`)
	}
	if len(terms) == 0 {
		return ""
	}
	return " AND facets : (" + strings.Join(terms, " ") + ")"
}
