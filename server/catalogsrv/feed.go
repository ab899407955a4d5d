package catalogsrv

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"

	"marketdesk/app/catalog"
	"marketdesk/server/db/store"
)

// feedName is the merged feed's name, shown in a desktop's Settings.
const feedName = "Organization catalog"

// renderVersion is part of every ETag: a server that renders the feed
// differently (a new field, another name) must not claim a desktop's copy
// from an older server is the same bytes.
const renderVersion = "c1"

// feedCacheControl: the feed is for the account's signed-in people, so no
// shared cache (CDN, proxy) may store it and hand it to someone else
// ("private"; "Vary: Authorization" says the same to caches that ignore
// private). max-age=0 with must-revalidate makes every poll a conditional
// request: after a catalog.changed event a desktop must see the new feed at
// once, and a revalidation answered 304 costs the server one primary-key
// read. See docs/server-catalog.md, "Caching".
const feedCacheControl = "private, max-age=0, must-revalidate"

// emptyDigest is the digest of a catalog without listings (the sha256 of
// nothing), as catalog_revisions starts it.
var emptyDigest = func() string { s := sha256.Sum256(nil); return hex.EncodeToString(s[:]) }()

// renderedFeed is the merged feed of one revision, as served: the JSON and
// its gzip (compressed once per revision, not per request; a feed of
// thousands of listings is megabytes of JSON and a tenth of that gzipped).
type renderedFeed struct {
	digest string
	body   []byte
	gz     []byte
}

// feedCache keeps each account's last rendered feed in this replica, so only
// the first request after a change builds it; every replica builds the same
// bytes (and ETag) from PostgreSQL.
type feedCache struct {
	mu        sync.Mutex
	byAccount map[int64]renderedFeed
	render    sync.Mutex // one build at a time; the others wait and reuse it
}

func newFeedCache() *feedCache { return &feedCache{byAccount: map[int64]renderedFeed{}} }

func (c *feedCache) get(accountID int64, digest string) (renderedFeed, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.byAccount[accountID]
	return f, ok && f.digest == digest
}

func (c *feedCache) put(accountID int64, f renderedFeed) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.byAccount[accountID] = f
}

// etagOf is the strong ETag of one representation of the feed: the gzip
// bytes are another representation, so another tag (RFC 9110 §8.8.3).
func etagOf(digest string, gzipped bool) string {
	if gzipped {
		return `"` + renderVersion + "-" + digest + `-gzip"`
	}
	return `"` + renderVersion + "-" + digest + `"`
}

// mergedFeed serves the account's catalog as one feed. A poll whose
// If-None-Match names the current revision is answered 304 from one row.
func (s *service) mergedFeed(w http.ResponseWriter, r *http.Request) {
	accountID := caller(r).AccountID
	digest, err := currentDigest(r.Context(), s.db.Queries, accountID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	gz := acceptsGzip(r.Header.Get("Accept-Encoding"))
	h := w.Header()
	h.Set("Cache-Control", feedCacheControl)
	h.Set("Vary", "Authorization, Accept-Encoding")
	// Either representation's tag means the desktop has this revision.
	if inm := r.Header.Get("If-None-Match"); matches(inm, etagOf(digest, false)) || matches(inm, etagOf(digest, true)) {
		h.Set("ETag", etagOf(digest, gz))
		w.WriteHeader(http.StatusNotModified)
		return
	}
	f, ok := s.feeds.get(accountID, digest)
	if !ok {
		if f, err = s.build(r.Context(), accountID); err != nil { // perhaps newer than digest: served with its own ETag
			s.fail(w, r, err)
			return
		}
	}
	body := f.body
	if gz {
		body = f.gz
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("ETag", etagOf(f.digest, gz))
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body) // the client hung up: nothing left to tell it
}

// acceptsGzip reads Accept-Encoding: gzip listed, with a q-value above 0.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		k, v, _ := strings.Cut(strings.TrimSpace(params), "=")
		q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return !strings.EqualFold(strings.TrimSpace(k), "q") || err != nil || q > 0
	}
	return false
}

func currentDigest(ctx context.Context, q *store.Queries, accountID int64) (string, error) {
	rev, err := q.GetCatalogRevision(ctx, accountID)
	if errors.Is(err, pgx.ErrNoRows) {
		return emptyDigest, nil // no source was ever added
	}
	return rev.Digest, err
}

// build renders the current revision from one snapshot (the digest and the
// listings agree), unless another request just did.
func (s *service) build(ctx context.Context, accountID int64) (renderedFeed, error) {
	s.feeds.render.Lock()
	defer s.feeds.render.Unlock()
	var f renderedFeed
	err := pgx.BeginTxFunc(ctx, s.db.Pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		q := s.db.Queries.WithTx(tx)
		digest, err := currentDigest(ctx, q, accountID)
		if err != nil {
			return err
		}
		if cached, ok := s.feeds.get(accountID, digest); ok {
			f = cached
			return nil
		}
		listings, err := q.ListCatalogListings(ctx, accountID)
		if err != nil {
			return err
		}
		body := render(listings)
		f = renderedFeed{digest: digest, body: body, gz: gzipped(body)}
		return nil
	})
	if err == nil {
		s.feeds.put(accountID, f)
	}
	return f, err
}

// render writes the feed document: schema_version first (the desktop's
// reader requires it), then the name, then the listings in feed order, each
// already in canonical JSON. The same listings give the same bytes.
func render(listings []string) []byte {
	size := 64
	for _, l := range listings {
		size += len(l) + 1
	}
	var b bytes.Buffer
	b.Grow(size)
	name, _ := json.Marshal(feedName)
	b.WriteString(`{"schema_version":` + strconv.Itoa(catalog.SchemaVersion) + `,"name":`)
	b.Write(name)
	b.WriteString(`,"listings":[`)
	for i, l := range listings {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(l)
	}
	b.WriteString("]}\n")
	return b.Bytes()
}

// gzipped compresses the feed once per revision. The output of
// compress/gzip is the same for the same input, so replicas agree on it.
func gzipped(body []byte) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b) // default level: a change is rare, its bytes go to every desktop
	_, _ = zw.Write(body)    // a bytes.Buffer does not fail
	_ = zw.Close()
	return b.Bytes()
}

// matches is If-None-Match's weak comparison (RFC 9110 §13.1.2): any listed
// tag, W/ or not, equal to etag; or "*".
func matches(header, etag string) bool {
	for _, tag := range strings.Split(header, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == "*" || tag == etag {
			return true
		}
	}
	return false
}
