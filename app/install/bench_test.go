package install

import (
	"slices"
	"testing"
	"time"

	"marketdesk/app/sandbox/sandboxtest"
	"marketdesk/app/vault/vaulttest"
)

// BenchmarkInstall reports the whole install flow against the sandbox (policy
// and keychain checks, discovery, loopback listener, consent automated by a
// browser double, code exchange, keychain write), median and p95 over 50 runs,
// and `marketdesk token`'s work with a valid and with an expired access token.
func BenchmarkInstall(b *testing.B) {
	f := setup(b, vaulttest.Real(b))
	times := make([]time.Duration, 50)
	var last Installation
	for i := range times {
		start := time.Now()
		inst, err := f.install(b, "member", "notes", &sandboxtest.Browser{Decision: "allow"})
		times[i] = time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		last = inst
		if i < len(times)-1 { // make room for the next run; removal is another issue's work
			f.installer.tokens.Delete(f.ctx, inst.ID)
			f.db.Writer.Exec("UPDATE installations SET status = 'removed' WHERE id = ?", inst.ID)
		}
	}
	slices.Sort(times)
	b.ReportMetric(ms(times[len(times)/2]), "install-p50-ms")
	b.ReportMetric(ms(times[len(times)*95/100]), "install-p95-ms")

	valid := timeN(50, func() {
		if _, err := f.installer.Token(f.ctx, f.m, "notes"); err != nil {
			b.Fatal(err)
		}
	})
	expired := timeN(20, func() {
		tok, _ := f.installer.tokens.Load(f.ctx, last.ID)
		tok.Expiry = time.Now().Add(-time.Minute)
		f.installer.tokens.Save(f.ctx, last.ID, tok)
		if _, err := f.installer.Token(f.ctx, f.m, "notes"); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(ms(valid), "token-valid-p50-ms")
	b.ReportMetric(ms(expired), "token-expired-p50-ms")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func timeN(n int, fn func()) time.Duration {
	times := make([]time.Duration, n)
	for i := range times {
		start := time.Now()
		fn()
		times[i] = time.Since(start)
	}
	slices.Sort(times)
	return times[n/2]
}
