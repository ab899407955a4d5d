package catalog

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"marketdesk/app/netguard"
)

// Source kinds.
const (
	KindEmbedded = "embedded"
	KindURL      = "url"
	KindFile     = "file"
)

// EmbeddedLocation names the catalog built into the binary.
const EmbeddedLocation = "embedded:default"

// Fetch limits.
const (
	MaxFeedBytes = 256 << 20
	FetchTimeout = 20 * time.Second
)

// fetched is an opened feed, or word that it has not changed.
type fetched struct {
	body         io.ReadCloser
	unchanged    bool
	etag         string
	lastModified string
	fingerprint  string
}

// OfflineError says a remote source could not be reached; the cache stays.
type OfflineError struct {
	Location string
	Cause    error
}

func (e *OfflineError) Error() string {
	return fmt.Sprintf("%s is unreachable (offline?): %v", e.Location, e.Cause)
}
func (e *OfflineError) Unwrap() error { return e.Cause }

// fetcher opens feeds of every kind.
type fetcher struct {
	client   *http.Client
	embedded fs.FS // holds catalog.json and its icons
}

func (f *fetcher) open(ctx context.Context, src sourceRow) (fetched, error) {
	switch src.Kind {
	case KindEmbedded:
		return f.openEmbedded(src)
	case KindFile:
		return openFile(src)
	case KindURL:
		return f.openURL(ctx, src)
	}
	return fetched{}, fmt.Errorf("unknown source kind %q", src.Kind)
}

func (f *fetcher) openEmbedded(src sourceRow) (fetched, error) {
	data, err := fs.ReadFile(f.embedded, "catalog.json")
	if err != nil {
		return fetched{}, fmt.Errorf("the embedded catalog is missing from this build: %w", err)
	}
	sum := sha256.Sum256(data)
	fp := hex.EncodeToString(sum[:])
	if fp == src.Fingerprint {
		return fetched{unchanged: true}, nil
	}
	return fetched{body: io.NopCloser(strings.NewReader(string(data))), fingerprint: fp}, nil
}

// openFile re-reads a file only when its size or modification time changed.
func openFile(src sourceRow) (fetched, error) {
	info, err := os.Stat(src.Location)
	if err != nil {
		return fetched{}, fmt.Errorf("cannot read the feed file: %w", err)
	}
	if info.IsDir() {
		return fetched{}, fmt.Errorf("%s is a folder, not a feed file", src.Location)
	}
	if info.Size() > MaxFeedBytes {
		return fetched{}, &FeedError{fmt.Sprintf("the feed is %d bytes, over the %d-byte limit", info.Size(), MaxFeedBytes)}
	}
	fp := fmt.Sprintf("%d:%d", info.Size(), info.ModTime().UnixNano())
	if fp == src.Fingerprint {
		return fetched{unchanged: true}, nil
	}
	file, err := os.Open(src.Location)
	if err != nil {
		return fetched{}, fmt.Errorf("cannot read the feed file: %w", err)
	}
	return fetched{body: file, fingerprint: fp}, nil
}

func (f *fetcher) openURL(ctx context.Context, src sourceRow) (fetched, error) {
	// The feed's own address sets the class of everything fetched for it:
	// redirects (and later its icons and servers) stay as public as it is.
	ctx = WithSourceOrigin(ctx, f.client, src.Location)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src.Location, nil)
	if err != nil {
		return fetched{}, err
	}
	req.Header.Set("Accept", "application/json")
	if src.Etag != "" {
		req.Header.Set("If-None-Match", src.Etag)
	}
	if src.LastModified != "" {
		req.Header.Set("If-Modified-Since", src.LastModified)
	}
	resp, err := f.client.Do(req)
	if netguard.IsRefusal(err) {
		return fetched{}, &FeedError{fmt.Sprintf("the feed was refused: %v", err)}
	}
	if err != nil {
		var netErr net.Error
		if errors.As(err, &netErr) || errors.Is(err, context.DeadlineExceeded) {
			return fetched{}, &OfflineError{Location: src.Location, Cause: err}
		}
		return fetched{}, &OfflineError{Location: src.Location, Cause: err}
	}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		resp.Body.Close()
		return fetched{unchanged: true}, nil
	case resp.StatusCode != http.StatusOK:
		resp.Body.Close()
		return fetched{}, fmt.Errorf("the server answered %s", resp.Status)
	case resp.ContentLength > MaxFeedBytes:
		resp.Body.Close()
		return fetched{}, &FeedError{fmt.Sprintf("the feed is %d bytes, over the %d-byte limit", resp.ContentLength, MaxFeedBytes)}
	}
	return fetched{
		body:         capped(resp.Body, MaxFeedBytes),
		etag:         resp.Header.Get("ETag"),
		lastModified: resp.Header.Get("Last-Modified"),
	}, nil
}

// capped fails the read (and so the whole sync) past limit bytes, instead of
// silently truncating a feed.
func capped(rc io.ReadCloser, limit int64) io.ReadCloser {
	return &cappedReader{rc: rc, left: limit}
}

type cappedReader struct {
	rc   io.ReadCloser
	left int64
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, &FeedError{fmt.Sprintf("the feed is larger than the %d-byte limit", MaxFeedBytes)}
	}
	if int64(len(p)) > c.left {
		p = p[:c.left+1] // read one byte more than allowed to notice the overflow
	}
	n, err := c.rc.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return 0, &FeedError{fmt.Sprintf("the feed is larger than the %d-byte limit", MaxFeedBytes)}
	}
	return n, err
}

func (c *cappedReader) Close() error { return c.rc.Close() }

// NormalizeLocation turns what a person typed into a source location: an
// https URL, or an absolute path of an existing file.
func NormalizeLocation(input string) (kind, location string, err error) {
	input = strings.TrimSpace(input)
	switch {
	case strings.HasPrefix(input, "https://"):
		return KindURL, input, nil
	case strings.HasPrefix(input, "file://"):
		input = strings.TrimPrefix(input, "file://")
	case strings.Contains(input, "://"):
		return "", "", fmt.Errorf("only https:// URLs and files can be catalog sources, got %q", clip(input))
	}
	abs, err := filepath.Abs(input)
	if err != nil {
		return "", "", err
	}
	if info, err := os.Stat(abs); err != nil || info.IsDir() {
		return "", "", fmt.Errorf("%s is not a readable feed file", abs)
	}
	return KindFile, abs, nil
}
