package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"marketdesk/app/netguard"
	"marketdesk/db"
	"marketdesk/db/store"
)

// MaxAssetBytes caps one icon or screenshot.
const MaxAssetBytes = 2 << 20

var imageTypes = map[string]bool{
	"image/png": true, "image/jpeg": true, "image/webp": true, "image/gif": true, "image/svg+xml": true,
}

// Assets serves listing icons and screenshots under AssetPrefix: from the
// embedded catalog, from files next to a local feed, or from the cache of
// remote images (fetched once, then served offline).
type Assets struct {
	db       *db.DB
	embedded fs.FS
	client   *http.Client
	now      func() time.Time
}

// NewAssets returns the asset handler.
func NewAssets(d *db.DB, embedded fs.FS, client *http.Client, now func() time.Time) *Assets {
	if client == nil {
		client = netguard.New(netguard.Config{Timeout: 15 * time.Second}).Client() // safe by default: https, public addresses
	}
	return &Assets{db: d, embedded: embedded, client: client, now: now}
}

// ServeHTTP answers GET /catalog-assets/icon/{id} and /catalog-assets/screenshot/{id}/{n}.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, AssetPrefix)
	if !ok || r.Method != http.MethodGet {
		http.NotFound(w, r)
		return
	}
	parts := strings.Split(rest, "/")
	ref, kind, location, err := a.reference(r.Context(), parts)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	data, ctype, err := a.load(r.Context(), ref, kind, location)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("X-Content-Type-Options", "nosniff")
	// An SVG from a feed is untrusted: opened on its own it must not run anything.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox")
	h.Set("Cache-Control", "private, max-age=3600")
	w.Write(data)
}

func (a *Assets) reference(ctx context.Context, parts []string) (ref, kind, location string, err error) {
	if len(parts) < 2 {
		return "", "", "", errors.New("bad asset path")
	}
	id, err := url.PathUnescape(parts[1])
	if err != nil {
		return "", "", "", err
	}
	row, err := store.New(a.db.Reader).GetListingAssets(ctx, id)
	if err != nil {
		return "", "", "", err
	}
	switch {
	case parts[0] == "icon" && len(parts) == 2:
		return row.IconUrl, row.SourceKind, row.SourceLocation, nil
	case parts[0] == "screenshot" && len(parts) == 3:
		var d details
		n, err := strconv.Atoi(parts[2])
		if err != nil || json.Unmarshal([]byte(row.Details), &d) != nil || n < 0 || n >= len(d.Screenshots) {
			return "", "", "", errors.New("no such screenshot")
		}
		return d.Screenshots[n].URL, row.SourceKind, row.SourceLocation, nil
	}
	return "", "", "", errors.New("bad asset path")
}

// load finds an asset by the reference its feed gave. Remote images are
// fetched for the listing's source (its origin class: see netguard); files
// only through localAsset.
func (a *Assets) load(ctx context.Context, ref, kind, location string) ([]byte, string, error) {
	switch {
	case strings.HasPrefix(ref, "https://"):
		return a.remote(WithSourceOrigin(ctx, a.client, location), ref)
	case kind == KindEmbedded:
		data, err := fs.ReadFile(a.embedded, path.Clean(ref))
		if err != nil {
			return nil, "", err
		}
		return imageOrRefused(data, ref)
	case kind == KindFile:
		return localAsset(location, ref)
	}
	return nil, "", errors.New("no asset")
}

func imageOrRefused(data []byte, ref string) ([]byte, string, error) {
	ctype := sniffImage(data)
	if ctype == "" {
		return nil, "", refusedAsset("%s is not a PNG, JPEG, GIF, WebP or SVG image", ref)
	}
	return data, ctype, nil
}

func (a *Assets) remote(ctx context.Context, ref string) ([]byte, string, error) {
	q := store.New(a.db.Reader)
	if row, err := q.GetCachedAsset(ctx, ref); err == nil {
		return imageOrRefused(row.Data, ref) // also what an older version cached
	} else if !errors.Is(err, sql.ErrNoRows) {
		return nil, "", err
	}
	return a.download(ctx, ref)
}

// download fetches a remote image into the cache.
func (a *Assets) download(ctx context.Context, ref string) ([]byte, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, ref, nil)
	if err != nil {
		return nil, "", err
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "", fmt.Errorf("%s: %s", ref, resp.Status)
	}
	ctype, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if !imageTypes[ctype] {
		return nil, "", fmt.Errorf("%s is not an image (%s)", ref, ctype)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxAssetBytes+1))
	if err != nil || len(data) > MaxAssetBytes {
		return nil, "", fmt.Errorf("%s is too large or unreadable", ref)
	}
	if data, ctype, err = imageOrRefused(data, ref); err != nil { // by content, not only by header
		return nil, "", err
	}
	err = store.New(a.db.Writer).PutCachedAsset(ctx, store.PutCachedAssetParams{
		Url: ref, ContentType: ctype, Data: data, FetchedAt: a.now().UTC().Format(time.RFC3339),
	})
	return data, ctype, err
}

// Prefetch downloads the missing icons of a remote source, a few at a time,
// so that they show when the network is gone.
func (a *Assets) Prefetch(ctx context.Context, sourceID int64, limit int) {
	src, err := store.New(a.db.Reader).GetSource(ctx, sourceID)
	if err != nil {
		return
	}
	ctx = WithSourceOrigin(ctx, a.client, src.Location)
	refs, err := store.New(a.db.Reader).MissingRemoteIcons(ctx, store.MissingRemoteIconsParams{ID: sourceID, Limit: int64(limit)})
	if err != nil {
		return
	}
	work := make(chan string)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ref := range work {
				_, _, _ = a.download(ctx, ref) // a failure shows as the placeholder icon
			}
		}()
	}
	for _, ref := range refs {
		work <- ref
	}
	close(work)
	wg.Wait()
}
