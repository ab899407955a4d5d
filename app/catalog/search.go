package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"marketdesk/db"
	"marketdesk/db/store"
)

// Page sizes of a search.
const (
	defaultLimit = 50
	maxLimit     = 200
	homeRowSize  = 12
)

// matchQuery turns what a person typed into FTS5 queries that can only mean
// "these words": every run of letters and digits becomes a quoted term,
// everything else (quotes, *, -, NEAR(, emoji) separates words. Operators
// typed as words (AND, OR, NOT) are searched as words. As you type, only the
// last word is unfinished: typed is the query with earlier words whole and
// the last as a prefix (whole-word terms are direct index lookups, prefixes
// are not); all has every word as a prefix, the fallback. Both are "" when
// nothing searchable is left.
func matchQuery(text string) (typed, all string) {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	if len(words) > 12 {
		words = words[:12] // a longer query is a paste, not a search
	}
	whole := make([]string, 0, len(words))
	prefixes := make([]string, 0, len(words))
	for i, w := range words {
		prefixes = append(prefixes, `"`+w+`"*`)
		if i == len(words)-1 {
			whole = append(whole, `"`+w+`"*`)
		} else {
			whole = append(whole, `"`+w+`"`)
		}
	}
	return strings.Join(whole, " "), strings.Join(prefixes, " ")
}

// Searcher answers browsing and search from the cache.
type Searcher struct {
	reader *preparedReader // d.Reader, its statements kept prepared
}

// NewSearcher returns a searcher over d.
func NewSearcher(d *db.DB) *Searcher { return &Searcher{reader: newPreparedReader(d.Reader)} }

// Search runs q for the user with id userID: full-text when it has text,
// browsing otherwise. "Pre-approved for me" keeps the apps approved for the
// whole account or for that user.
func (s *Searcher) Search(ctx context.Context, q Query, userID int64) (Results, error) {
	q = normalizeQuery(q)
	res := Results{Items: []Card{}, Notices: []string{}}
	approvedFor := int64(0)
	if q.PreApprovedOnly {
		approvedFor = userID
		if userID == 0 {
			return res, nil // nobody signed in: nothing is approved for them
		}
	}
	installedFor := int64(0)
	if q.InstalledOnly {
		installedFor = userID
		if userID == 0 {
			return res, nil // nobody signed in: nothing is installed for them
		}
	}
	f := filters{approvedFor: approvedFor, installedFor: installedFor}
	rd := store.New(s.reader)
	if strings.TrimSpace(q.Text) == "" || q.Developer != "" {
		return s.browse(ctx, rd, q, f, res)
	}
	terms, all := matchQuery(q.Text)
	if terms == "" {
		return res, nil // only punctuation or symbols: nothing can match
	}
	found, err := s.search(ctx, rd, q, newMatchSet(q.Text, false), f, res)
	if err == nil && found.Total == 0 && terms != all {
		// Nothing with the earlier words whole: try them as prefixes too
		// ("tidep not" finds Tidepool Notes). Slower, so only as a fallback.
		found, err = s.search(ctx, rd, q, newMatchSet(q.Text, true), f, res)
	}
	if err == nil && found.Total < suggestBelow {
		found.Suggestion, err = s.suggest(ctx, q.Text)
	}
	return found, err
}

// filters are the per-user filters of a search (0: off).
type filters struct {
	approvedFor  int64
	installedFor int64
}

// search runs a full-text query. The total and the page's rowids come from
// the index alone (the type and category filters are facet tokens ANDed to
// the match, see fts.go); only the page's listing rows are read. The
// relevance order is rank.go's, and counts the listings found only by stem;
// other sorts read the sort columns of every exact match.
func (s *Searcher) search(ctx context.Context, rd *store.Queries, q Query, m matchSet, f filters, res Results) (Results, error) {
	filter := facetFilter(q.Type, q.Category)
	count := store.CountSearchParams{Match: inColumns(textColumns, m.typed) + filter, ApprovedFor: f.approvedFor, InstalledFor: f.installedFor}
	var page []int64
	var err error
	if q.Sort == SortRelevance {
		page, res.Total, err = s.relevancePage(ctx, rd, q, m, filter, f, count)
	} else {
		page, res.Total, err = sortedPage(ctx, rd, q, count)
	}
	if err != nil || len(page) == 0 {
		return res, err
	}
	ids, _ := json.Marshal(page)
	rows, err := rd.ListingCards(ctx, string(ids))
	if err != nil {
		return res, err
	}
	byRowid := make(map[int64]Card, len(rows))
	for _, r := range rows {
		byRowid[r.Rowid] = cardOfTop(store.PopularListingsRow(r))
	}
	for _, id := range page {
		if c, ok := byRowid[id]; ok {
			res.Items = append(res.Items, c)
		}
	}
	return res, nil
}

// relevancePage is the page of the relevance order and the total. The
// total is counted beside the page, on another connection of the pool: the
// page's tiers do not need it, and a count costs as much as a tier.
func (s *Searcher) relevancePage(ctx context.Context, rd *store.Queries, q Query, m matchSet, filter string, f filters, countParams store.CountSearchParams) ([]int64, int64, error) {
	count := countBeside(ctx, rd, countParams)
	r := &ranker{db: s.reader, m: m, filter: filter, f: f, count: count}
	page, err := exactFirst(ctx, s.reader, rd, q, f, func(q Query) ([]int64, error) {
		p, err := r.page(ctx, int64(q.Offset+q.Limit))
		return p[min(q.Offset, len(p)):], err
	})
	total, cerr := count.wait()
	if err != nil || cerr != nil {
		return nil, 0, errors.Join(err, cerr)
	}
	if r.stemmed < 0 { // the page did not reach the stems: count them alone
		if r.stemmed, err = r.stemCount(ctx, total); err != nil {
			return nil, 0, err
		}
	}
	if total+r.stemmed <= int64(q.Offset) {
		return nil, total + r.stemmed, nil
	}
	return page, total + r.stemmed, nil
}

// pendingCount is the number of exact matches, counted on another
// connection of the pool while the tiers are read.
type pendingCount struct {
	done chan struct{}
	n    int64
	err  error
}

func countBeside(ctx context.Context, rd *store.Queries, p store.CountSearchParams) *pendingCount {
	c := &pendingCount{done: make(chan struct{})}
	go func() {
		c.n, c.err = rd.CountSearch(ctx, p)
		close(c.done)
	}()
	return c
}

// wait returns the count once it is done.
func (c *pendingCount) wait() (int64, error) {
	<-c.done
	return c.n, c.err
}

// ready returns the count if it is done already, without waiting.
func (c *pendingCount) ready() (int64, bool) {
	select {
	case <-c.done:
		return c.n, c.err == nil
	default:
		return 0, false
	}
}

// sortedPage is a page in an order of the listing (popularity, rating,
// newest, name) and the total.
func sortedPage(ctx context.Context, rd *store.Queries, q Query, count store.CountSearchParams) ([]int64, int64, error) {
	total, err := rd.CountSearch(ctx, count)
	if err != nil || total <= int64(q.Offset) {
		return nil, total, err
	}
	rows, err := rd.SearchSorted(ctx, store.SearchSortedParams{
		Sort: q.Sort, Match: count.Match, ApprovedFor: count.ApprovedFor, InstalledFor: count.InstalledFor, Off: int64(q.Offset), Lim: int64(q.Limit),
	})
	page := make([]int64, 0, len(rows))
	for _, r := range rows {
		page = append(page, r.ListingRowid)
	}
	return page, total, err
}

// exactFirst puts the listings named exactly what was typed, or whose id it
// is, before the rest of the relevance order (ranked returns a page of it):
// a feed cannot push the real app down by repeating its name. Among exact
// names, verified developers come first; verified is Marketdesk's verdict,
// never a feed's.
func exactFirst(ctx context.Context, reader *preparedReader, rd *store.Queries, q Query, f filters, ranked func(Query) ([]int64, error)) ([]int64, error) {
	exact, err := rd.ExactNameMatches(ctx, store.ExactNameMatchesParams{
		NameKey: strings.ToLower(strings.TrimSpace(q.Text)), Type: q.Type, Category: q.Category,
		ApprovedFor: f.approvedFor, InstalledFor: f.installedFor,
	})
	if err != nil || len(exact) == 0 {
		if err != nil {
			return nil, err
		}
		return ranked(q)
	}
	if exact, err = byRelevance(ctx, reader, exact, q.Text); err != nil {
		return nil, err
	}
	wide := q
	wide.Offset, wide.Limit = 0, q.Offset+q.Limit+len(exact)
	rest, err := ranked(wide)
	if err != nil {
		return nil, err
	}
	page := append([]int64{}, exact...)
	for _, id := range rest {
		if !slices.Contains(exact, id) {
			page = append(page, id)
		}
	}
	return page[min(q.Offset, len(page)):min(q.Offset+q.Limit, len(page))], nil
}

// stemBelow is the number of exact matches under which the listings found
// only by their stem are counted and ranked too (rank.go): with a page of
// exact matches, a match by stem would rank below it, and counting the
// stems of common words costs tens of milliseconds at 100k listings.
const stemBelow = defaultLimit

func (s *Searcher) browse(ctx context.Context, rd *store.Queries, q Query, f filters, res Results) (Results, error) {
	rows, err := rd.BrowseListings(ctx, store.BrowseListingsParams{
		Sort: q.Sort, Type: q.Type, Developer: q.Developer, DeveloperKey: skeleton(q.Developer), Category: q.Category, ApprovedFor: f.approvedFor, InstalledFor: f.installedFor, Off: int64(q.Offset), Lim: int64(q.Limit),
	})
	if err != nil {
		return res, err
	}
	for _, r := range rows {
		res.Items = append(res.Items, card(r))
	}
	res.Total, err = rd.CountBrowse(ctx, store.CountBrowseParams{Type: q.Type, Developer: q.Developer, DeveloperKey: skeleton(q.Developer), Category: q.Category, ApprovedFor: f.approvedFor, InstalledFor: f.installedFor})
	return res, err
}

func normalizeQuery(q Query) Query {
	if q.Limit <= 0 {
		q.Limit = defaultLimit
	}
	q.Limit = min(q.Limit, maxLimit)
	q.Offset = max(q.Offset, 0)
	switch q.Sort {
	case SortPopularity, SortRating, SortName, SortNewest:
	case SortRelevance:
		if strings.TrimSpace(q.Text) == "" {
			q.Sort = SortPopularity
		}
	default:
		q.Sort = SortRelevance
		if strings.TrimSpace(q.Text) == "" {
			q.Sort = SortPopularity
		}
	}
	if q.Type != TypeUser && q.Type != TypeAccount {
		q.Type = ""
	}
	return q
}

// Home is the Discover page's opening view.
func (s *Searcher) Home(ctx context.Context) (Home, error) {
	rd := store.New(s.reader)
	home := Home{Categories: []Category{}, Popular: []Card{}, RecentlyUpdated: []Card{}}
	cats, err := rd.CategoryCounts(ctx)
	if err != nil {
		return home, err
	}
	for _, c := range cats {
		home.Categories = append(home.Categories, Category{Name: c.Category, Count: c.Listings})
	}
	popular, err := rd.PopularListings(ctx, homeRowSize)
	if err != nil {
		return home, err
	}
	for _, r := range popular {
		home.Popular = append(home.Popular, cardOfTop(r))
	}
	recent, err := rd.RecentlyUpdatedListings(ctx, homeRowSize)
	if err != nil {
		return home, err
	}
	for _, r := range recent {
		home.RecentlyUpdated = append(home.RecentlyUpdated, cardOfTop(store.PopularListingsRow(r)))
	}
	home.Total, err = rd.CountListings(ctx)
	return home, err
}

// cardOfTop converts the rows of the home page's short lists.
func cardOfTop(r store.PopularListingsRow) Card {
	return card(store.BrowseListingsRow{
		Rowid: r.Rowid, ID: r.ID, Name: r.Name, DeveloperName: r.DeveloperName, DeveloperVerified: r.DeveloperVerified,
		Summary: r.Summary, IconUrl: r.IconUrl, Categories: r.Categories, Type: r.Type, Installs: r.Installs,
		Rating: r.Rating, RatingCount: r.RatingCount, UpdatedAt: r.UpdatedAt, NoLongerListed: r.NoLongerListed,
	})
}

func card(r store.BrowseListingsRow) Card {
	var cats []string
	_ = json.Unmarshal([]byte(r.Categories), &cats) // written by us at import
	return Card{
		ID: r.ID, Name: r.Name,
		Developer:  Developer{Name: r.DeveloperName, Verified: r.DeveloperVerified != 0},
		Summary:    r.Summary,
		IconURL:    IconPath(r.ID),
		Categories: cats,
		Type:       r.Type,
		Stats:      Stats{Installs: r.Installs, Rating: r.Rating, RatingCount: r.RatingCount},
		UpdatedAt:  r.UpdatedAt, NoLongerListed: r.NoLongerListed != 0,
	}
}

// AssetPrefix is where the app serves listing icons and screenshots from the
// cache, so that they show offline.
const AssetPrefix = "/catalog-assets/"

// IconPath is the URL the UI loads a listing's icon from.
func IconPath(id string) string { return AssetPrefix + "icon/" + url.PathEscape(id) }

// ScreenshotPath is the URL the UI loads a listing's n-th screenshot from.
func ScreenshotPath(id string, n int) string {
	return AssetPrefix + "screenshot/" + url.PathEscape(id) + "/" + strconv.Itoa(n)
}
