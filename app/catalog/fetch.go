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

// Fetch limits (docs/catalog-feed.md, "Limits").
const (
	// MaxFeedBytes bounds a feed as read, after decompression.
	MaxFeedBytes = 256 << 20
	// FetchTimeout is the default time a feed may take to arrive and be
	// read (decompression included); MARKETDESK_FEED_TIMEOUT changes it.
	FetchTimeout = 60 * time.Second
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

// Error names the host once and says what went wrong and what to do, never
// the resolver's or the socket's own words (Cause keeps them for logs).
func (e *OfflineError) Error() string {
	return fmt.Sprintf("Could not reach %s: %s", hostOf(e.Location), reachProblem(e.Cause))
}
func (e *OfflineError) Unwrap() error { return e.Cause }

// fetcher opens feeds of every kind.
type fetcher struct {
	client   *http.Client
	embedded fs.FS   // holds catalog.json and its icons
	org      OrgFeed // the organization's feed, fetched with its sign-in (orgfeed.go)
	// onRead, when set, is told the bytes read of each feed as they come,
	// and its size when known (0 otherwise): the command line's progress bar.
	onRead func(read, size int64)
}

// counted wraps a feed's raw body (before any decompression) so that its
// reads reach onRead.
func (f *fetcher) counted(body io.ReadCloser, size int64) io.ReadCloser {
	if f.onRead == nil {
		return body
	}
	f.onRead(0, size)
	return &countingBody{ReadCloser: body, size: size, report: f.onRead}
}

type countingBody struct {
	io.ReadCloser
	read, size int64
	report     func(read, size int64)
}

func (c *countingBody) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.read += int64(n)
	c.report(c.read, c.size)
	return n, err
}

func (f *fetcher) open(ctx context.Context, src sourceRow) (fetched, error) {
	clock := newFetchClock()
	switch src.Kind {
	case KindEmbedded:
		return f.openEmbedded(src)
	case KindFile:
		return openFile(src, clock, f.counted)
	case KindURL:
		return f.openURL(ctx, src, clock)
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
	return fetched{body: f.counted(io.NopCloser(strings.NewReader(string(data))), int64(len(data))), fingerprint: fp}, nil
}

// openFile re-reads a file only when its size or modification time changed
// and then only when its bytes did (their hash is kept in the fingerprint).
// Only a regular file is a feed: a FIFO would block the sync forever and a
// device never ends, so both are refused before a byte is read.
func openFile(src sourceRow, clock *fetchClock, counted func(io.ReadCloser, int64) io.ReadCloser) (fetched, error) {
	file, err := os.OpenFile(src.Location, openFeedFlags, 0)
	if err != nil {
		return fetched{}, fmt.Errorf("cannot read the feed file: %w", err)
	}
	info, err := file.Stat()
	if err != nil {
		file.Close()
		return fetched{}, fmt.Errorf("cannot read the feed file: %w", err)
	}
	if kind := notRegular(info); kind != "" {
		file.Close()
		return fetched{}, &FeedError{fmt.Sprintf("%s is %s, not a feed file: only a regular file can be a feed", src.Location, kind)}
	}
	if info.Size() > MaxFeedBytes {
		file.Close()
		return fetched{}, &FeedError{fmt.Sprintf("the feed is %d bytes, over the %s limit", info.Size(), feedLimitText)}
	}
	stamp := fmt.Sprintf("%d:%d", info.Size(), info.ModTime().UnixNano())
	oldStamp, oldHash := splitFileFingerprint(src.Fingerprint)
	if stamp == oldStamp {
		file.Close()
		return fetched{unchanged: true}, nil
	}
	// Touched (or copied over) but maybe the same bytes: hashing the file
	// costs a few percent of parsing and writing it, so compare first.
	hash, err := hashFile(file)
	if err != nil {
		file.Close()
		return fetched{}, err
	}
	fp := stamp + ":" + hash
	if hash == oldHash {
		file.Close()
		return fetched{unchanged: true, fingerprint: fp}, nil
	}
	body, err := feedBody(counted(file, info.Size()), clock)
	if err != nil {
		file.Close()
		return fetched{}, err
	}
	return fetched{body: body, fingerprint: fp}, nil
}

// splitFileFingerprint reads a file source's fingerprint, "size:mtime:sha256"
// (before hashes were kept, "size:mtime", whose hash is then "").
func splitFileFingerprint(fp string) (stamp, hash string) {
	if i := strings.LastIndexByte(fp, ':'); i > 0 && strings.Count(fp, ":") == 2 {
		return fp[:i], fp[i+1:]
	}
	return fp, ""
}

// hashFile hashes the whole file and rewinds it for the parser.
func hashFile(file *os.File) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, io.LimitReader(file, MaxFeedBytes+1)); err != nil {
		return "", fmt.Errorf("cannot read the feed file: %w", err)
	}
	if _, err := file.Seek(0, io.SeekStart); err != nil {
		return "", fmt.Errorf("cannot read the feed file: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// notRegular names what info is when it is not a regular file, "" when it is.
func notRegular(info fs.FileInfo) string {
	switch m := info.Mode(); {
	case m.IsRegular():
		return ""
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

func (f *fetcher) openURL(ctx context.Context, src sourceRow, clock *fetchClock) (fetched, error) {
	ctx, cancel := context.WithCancel(ctx)
	clock.cancel = cancel
	f2, err := f.requestFeed(ctx, src, clock)
	if err != nil || f2.unchanged {
		cancel()
	}
	return f2, err
}

func (f *fetcher) requestFeed(ctx context.Context, src sourceRow, clock *fetchClock) (fetched, error) {
	// The feed's own address sets the class of everything fetched for it:
	// redirects (and later its icons and servers) stay as public as it is.
	org := f.orgRequest(ctx, src)
	if !org {
		ctx = WithSourceOrigin(ctx, f.client, src.Location)
	}
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
	// The feed's time limit is the clock's, not the client's per-request
	// timeout: a large feed on a slow link may take longer than one request
	// should, and a drip or a bomb is cut by the clock (fetchclock.go).
	client := *f.client
	client.Timeout = 0
	var resp *http.Response
	do := client.Do
	if org {
		do = f.org.Do // the sign-in added and renewed; the organization's client
	}
	err = clock.run(func() (err error) { resp, err = do(req); return err })
	if clock.expired() {
		if resp != nil {
			resp.Body.Close()
		}
		return fetched{}, clock.err()
	}
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
		return fetched{}, &FeedError{fmt.Sprintf("the feed is %d bytes, over the %s limit", resp.ContentLength, feedLimitText)}
	}
	body, err := feedBody(f.counted(resp.Body, max(resp.ContentLength, 0)), clock)
	if err != nil {
		resp.Body.Close()
		return fetched{}, err
	}
	return fetched{
		body:         body,
		etag:         resp.Header.Get("ETag"),
		lastModified: resp.Header.Get("Last-Modified"),
	}, nil
}

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
	info, err := os.Stat(abs)
	if err != nil {
		return "", "", fmt.Errorf("%s is not a readable feed file", abs)
	}
	if kind := notRegular(info); kind != "" {
		return "", "", fmt.Errorf("%s is %s, not a feed file: only a regular file can be a feed", abs, kind)
	}
	return KindFile, abs, nil
}
