package notices

import (
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river/rivertype"
)

// Backoff is the retry policy of deliveries: after the n-th failed attempt
// wait Base·2^(n-1), at most Max, with jitter (each wait is 50 to 100 % of
// its step) so that notices that failed together do not retry together.
// The same steps as the desktop's outbox (docs/deauthorization.md).
type Backoff struct {
	Base, Max time.Duration
}

// NextRetry implements river.ClientRetryPolicy.
func (b Backoff) NextRetry(job *rivertype.JobRow) time.Time {
	return time.Now().Add(b.wait(job.Attempt))
}

func (b Backoff) wait(attempt int) time.Duration {
	d := b.Base << min(max(attempt-1, 0), 30)
	if d > b.Max || d <= 0 {
		d = b.Max
	}
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}
