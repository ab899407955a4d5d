package catalog

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync/atomic"
	"time"
)

// FeedTimeoutEnv overrides FetchTimeout: a Go duration ("90s", "2m") or a
// number of seconds.
const FeedTimeoutEnv = "MARKETDESK_FEED_TIMEOUT"

// feedLimitText is MaxFeedBytes as the messages say it.
const feedLimitText = "256 MiB"

// feedTimeout is FetchTimeout unless MARKETDESK_FEED_TIMEOUT says otherwise.
func feedTimeout() time.Duration {
	raw := os.Getenv(FeedTimeoutEnv)
	if raw == "" {
		return FetchTimeout
	}
	if d, err := time.ParseDuration(raw); err == nil && d > 0 {
		return d
	}
	if n, err := strconv.ParseFloat(raw, 64); err == nil && n > 0 {
		return time.Duration(n * float64(time.Second))
	}
	return FetchTimeout
}

// fetchClock limits the time a feed takes to arrive and be read: the
// request, every read of the body and its decompression. Time spent storing
// the listings between reads is not counted, so a large feed on a slow disk
// is not refused for the database's sake; a drip, a stalled server or a
// bomb is. When the limit passes during a read, cancel stops the request so
// that a read blocked on the network returns.
type fetchClock struct {
	limit   time.Duration
	used    time.Duration
	cancel  context.CancelFunc
	stopped atomic.Bool
}

func newFetchClock() *fetchClock { return &fetchClock{limit: feedTimeout()} }

// run times fn against what is left of the limit.
func (c *fetchClock) run(fn func() error) error {
	left := c.limit - c.used
	if left <= 0 {
		c.stopped.Store(true)
		return c.err()
	}
	start := time.Now()
	timer := time.AfterFunc(left, func() {
		c.stopped.Store(true)
		if c.cancel != nil {
			c.cancel()
		}
	})
	err := fn()
	timer.Stop()
	if c.used += time.Since(start); c.used >= c.limit {
		c.stopped.Store(true)
	}
	return err
}

func (c *fetchClock) expired() bool { return c.stopped.Load() }

func (c *fetchClock) err() error {
	return &FeedError{fmt.Sprintf("the feed took longer than %s to arrive and be read (the limit of a feed; %s changes it)", c.limit, FeedTimeoutEnv)}
}

// feedBody is what the scanner reads: the body, decompressed when it is
// gzip (by its magic bytes, whatever the name or headers say), cut at
// MaxFeedBytes after decompression, and timed by clock.
func feedBody(body io.ReadCloser, clock *fetchClock) (io.ReadCloser, error) {
	buffered := bufio.NewReaderSize(body, 32<<10)
	var magic []byte
	err := clock.run(func() (err error) { magic, err = buffered.Peek(2); return err })
	if clock.expired() {
		return nil, clock.err()
	}
	if err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		var zr *gzip.Reader
		if err := clock.run(func() (err error) { zr, err = gzip.NewReader(buffered); return err }); err != nil {
			if clock.expired() {
				return nil, clock.err()
			}
			return nil, &FeedError{"the feed looks gzip-compressed but cannot be decompressed: " + err.Error()}
		}
		return &feedStream{r: zr, body: body, clock: clock, left: MaxFeedBytes, gzip: true}, nil
	}
	return &feedStream{r: buffered, body: body, clock: clock, left: MaxFeedBytes}, nil
}

// feedStream fails the read (and so the whole sync) past the size limit or
// the time limit, naming which, instead of silently truncating a feed.
type feedStream struct {
	r     io.Reader
	body  io.Closer
	clock *fetchClock
	left  int64
	gzip  bool
}

func (s *feedStream) Read(p []byte) (int, error) {
	if s.left < 0 {
		return 0, s.tooLarge()
	}
	if int64(len(p)) > s.left+1 {
		p = p[:s.left+1] // one byte more than allowed, to notice the overflow
	}
	var n int
	err := s.clock.run(func() (err error) { n, err = s.r.Read(p); return err })
	if s.clock.expired() {
		return 0, s.clock.err()
	}
	if s.left -= int64(n); s.left < 0 {
		return 0, s.tooLarge()
	}
	if err != nil && err != io.EOF {
		return n, &FeedError{"the feed could not be read: " + err.Error()}
	}
	return n, err
}

func (s *feedStream) tooLarge() error {
	if s.gzip {
		return &FeedError{fmt.Sprintf("the feed is larger than %s once decompressed (the limit of a feed)", feedLimitText)}
	}
	return &FeedError{fmt.Sprintf("the feed is larger than %s (the limit of a feed)", feedLimitText)}
}

func (s *feedStream) Close() error {
	if s.clock.cancel != nil {
		s.clock.cancel()
	}
	return s.body.Close()
}
