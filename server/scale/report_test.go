package scale

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"marketdesk/server/events"
)

// notifications counts what PostgreSQL delivered on the events channel to
// a listener of our own, as each replica's hub receives it.
type notifications struct {
	mu            sync.Mutex
	count, bytes  int
	maxPayload    int
	payloadSample string
}

func listenNotifications(b *testing.B, dsn string) *notifications {
	b.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+events.Channel); err != nil {
		b.Fatal(err)
	}
	n := &notifications{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			note, err := conn.WaitForNotification(ctx)
			if err != nil {
				return
			}
			n.mu.Lock()
			n.count++
			n.bytes += len(note.Payload)
			n.maxPayload = max(n.maxPayload, len(note.Payload))
			n.payloadSample = note.Payload
			n.mu.Unlock()
		}
	}()
	b.Cleanup(func() { cancel(); <-done; conn.Close(context.Background()) })
	return n
}

func (n *notifications) snapshot() notifications {
	n.mu.Lock()
	defer n.mu.Unlock()
	return notifications{count: n.count, bytes: n.bytes, maxPayload: n.maxPayload, payloadSample: n.payloadSample}
}

type rssDelta struct {
	replica           string
	streams           int
	beforeKB, afterKB int64
	connect           time.Duration
}

func (r rssDelta) perStreamKB() float64 { return float64(r.afterKB-r.beforeKB) / float64(r.streams) }

type latencies struct {
	first, median, last, post []time.Duration
	cpu                       cpuSpent
}

// pct is the q-quantile (nearest rank) of ds.
func pct(ds []time.Duration, q float64) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(q*float64(len(s))+0.999999) - 1
	return s[max(0, min(i, len(s)-1))]
}

type pollFigures struct {
	wall                      time.Duration
	requests, notModified, ok int64
	serverTicks, pgTicks      int64
}

type report struct {
	desktops                int
	rssSolo, rssA, rssB     rssDelta
	oneReplica, twoReplicas latencies
	notify                  notifications
	polls                   pollFigures
}

func (r *report) log(b *testing.B) {
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	for _, l := range []struct {
		name string
		l    latencies
	}{{"one replica", r.oneReplica}, {"two replicas", r.twoReplicas}} {
		say("decision -> last of %d desktops, %s (%d decisions): p50 %.1f ms, p99 %.1f ms, max %.1f ms; the POST itself p50 %.1f ms; first desktop p50 %.1f ms, median desktop p50 %.1f ms",
			r.desktops, l.name, len(l.l.last), ms(pct(l.l.last, .5)), ms(pct(l.l.last, .99)), ms(pct(l.l.last, 1)), ms(pct(l.l.post, .5)),
			ms(pct(l.l.first, .5)), ms(pct(l.l.median, .5)))
	}
	for _, l := range []struct {
		name string
		l    latencies
	}{{"one replica", r.oneReplica}, {"two replicas", r.twoReplicas}} {
		delivered := float64(len(l.l.last) * r.desktops)
		say("CPU during the decisions, %s: replicas %.2f s, benchmark (the desktops) %.2f s = %.1f and %.1f µs per event delivered to a desktop",
			l.name, l.l.cpu.replicas, l.l.cpu.bench, 1e6*l.l.cpu.replicas/delivered, 1e6*l.l.cpu.bench/delivered)
	}
	b.ReportMetric(ms(pct(r.oneReplica.last, .99)), "ms-p99-last-1replica")
	b.ReportMetric(ms(pct(r.twoReplicas.last, .99)), "ms-p99-last-2replicas")
	for _, m := range []rssDelta{r.rssSolo, r.rssA, r.rssB} {
		say("replica %s: %d streams, VmRSS %d -> %d KB = %.1f KB per idle desktop (connected in %s)",
			m.replica, m.streams, m.beforeKB, m.afterKB, m.perStreamKB(), m.connect.Round(time.Millisecond))
	}
	b.ReportMetric(r.rssSolo.perStreamKB(), "KB/desktop-solo")
	b.ReportMetric(r.rssA.perStreamKB(), "KB/desktop-A")
	b.ReportMetric(r.rssB.perStreamKB(), "KB/desktop-B")
	say("NOTIFY on %s during both decision phases: %d notifications, %d payload bytes, largest %d bytes (e.g. %q)",
		events.Channel, r.notify.count, r.notify.bytes, r.notify.maxPayload, r.notify.payloadSample)
	p := r.polls
	share := float64(p.notModified) / float64(p.requests)
	serverCPU := float64(p.serverTicks) / ticksPerSecond
	say("steady polls: %d requests in %s (%.0f/s), %d answered 304 (%.2f %%), %d 200; replicas' CPU %.1f s = %.0f requests/s per core; PostgreSQL CPU %.1f s",
		p.requests, p.wall.Round(time.Millisecond), float64(p.requests)/p.wall.Seconds(), p.notModified, 100*share, p.ok,
		serverCPU, float64(p.requests)/serverCPU, float64(p.pgTicks)/ticksPerSecond)
	b.ReportMetric(100*share, "%304")
	b.ReportMetric(float64(p.requests)/serverCPU, "polls/s/core")
	if share < 0.99 {
		b.Errorf("only %.2f %% of the steady polls were answered 304 (aim 99 %%)", 100*share)
	}
}

// cpuSpent is the CPU time, in seconds, of the replicas and of the
// benchmark process (the simulated desktops) over a phase.
type cpuSpent struct{ replicas, bench float64 }

type cpuMeter struct {
	reps           []*replica
	replicas, self int64
}

func startCPU(reps ...*replica) *cpuMeter {
	m := &cpuMeter{reps: reps}
	m.replicas, m.self = m.read()
	return m
}

func (m *cpuMeter) read() (replicas, self int64) {
	for _, r := range m.reps {
		t, _, _ := cpuTicks(r.cmd.Process.Pid)
		replicas += t
	}
	self, _, _ = cpuTicks(os.Getpid())
	return replicas, self
}

func (m *cpuMeter) stop() cpuSpent {
	replicas, self := m.read()
	return cpuSpent{replicas: float64(replicas-m.replicas) / ticksPerSecond, bench: float64(self-m.self) / ticksPerSecond}
}

// say prints a line of the report on stdout: the testing package keeps
// only the first ten lines a benchmark logs, and the report is longer.
func say(format string, args ...any) { fmt.Printf("scale: "+format+"\n", args...) }
