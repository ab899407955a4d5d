package events

import (
	"fmt"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"marketdesk/server/db/pgtest"
)

// BenchmarkIdleStreamMemory reports what an idle connected desktop costs
// this replica over HTTP/1.1 (Go heap and goroutine stacks; the raw client
// connections of the benchmark are counted too, so it errs high; kernel
// socket buffers are not). The aim of issue 11 is 30 KB. Run it alone:
//
//	scripts/pg-session.sh go test -run '^$' -bench IdleStreamMemory -benchtime 1x ./server/events
func BenchmarkIdleStreamMemory(b *testing.B) {
	d := pgtest.Migrated(b)
	toks := tokens{}
	newOrg(b, d, "acme", toks)
	r := startReplica(b, d, toks, Options{Heartbeat: time.Second}) // streams whose desktop left end at the next one
	addr := strings.TrimPrefix(r.srv.URL, "http://")
	const streams = 2000
	for i := 0; i < b.N; i++ {
		before := inUse()
		var conns []net.Conn
		for j := 0; j < streams; j++ {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				b.Fatal(err)
			}
			fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer acme-member\r\n\r\n", Path)
			conns = append(conns, c)
		}
		waitFor(b, "every stream to be live", func() bool { return r.hub.Streams() == streams })
		time.Sleep(200 * time.Millisecond) // the last responses are written
		b.ReportMetric(float64(inUse()-before)/streams, "bytes/stream")
		for _, c := range conns {
			c.Close()
		}
		waitFor(b, "every stream to end", func() bool { return r.hub.Streams() == 0 })
	}
}

// inUse is the heap and stack memory in use after garbage collection (a
// few rounds, so stacks that can shrink have).
func inUse() uint64 {
	for i := 0; i < 4; i++ {
		runtime.GC()
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse + m.StackInuse
}
