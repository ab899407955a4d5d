package scale

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"marketdesk/server/db/pgtest"
	"marketdesk/server/events"
)

// Sizes of the run; the environment scales them down (or up, within ulimit -n).
func sizes() (desktops, decisions, rounds int) {
	return envInt("MARKETDESK_SCALE_DESKTOPS", 10000), envInt("MARKETDESK_SCALE_DECISIONS", 20), envInt("MARKETDESK_SCALE_ROUNDS", 3)
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// pollers is the number of keep-alive connections per replica the polls
// share: desktops poll every few minutes, so at any moment only a few of
// them are mid-request; holding 10,000 more sockets would only measure the
// loopback's port range.
const pollers = 32

// BenchmarkTenThousandDesktops is issue 11's acceptance 4. It runs once
// whatever b.N is (about a minute at 10,000 desktops) and logs a table;
// docs/performance.md has the figures and how to read them.
//
//	scripts/pg-session.sh go test -run '^$' -bench TenThousandDesktops -benchtime 1x ./server/scale
func BenchmarkTenThousandDesktops(b *testing.B) {
	n, decisions, rounds := sizes()
	raiseFileLimit(b, uint64(n+2*pollers+200))
	ctx := context.Background()
	dsn := pgtest.NewDatabase(b)
	bin := buildServer(b)
	// The one-replica phase has a replica of its own: closed streams stay
	// in a hub until a heartbeat's write fails (15 to 30 s), and those
	// would still be written to during the next phase's decisions.
	solo := startReplica(b, bin, "solo", dsn) // migrates first; the others find the schema current
	d := pgtest.OpenURL(b, dsn)

	setupStart := time.Now()
	owner, desks, err := people(ctx, d, n)
	if err != nil {
		b.Fatalf("add %d people: %v", n, err)
	}
	say("%d people and tokens in %s", n+1, time.Since(setupStart).Round(time.Millisecond))
	owner.replica = solo
	notes := listenNotifications(b, dsn)
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConnsPerHost: pollers, MaxConnsPerHost: pollers, IdleConnTimeout: time.Minute}}
	arr := newArrivals(2*decisions, n)
	rep := &report{desktops: n}

	for i := 0; i < b.N && i < 1; i++ { // one run is the measurement
		// One replica: every desktop on it.
		for j := range desks {
			desks[j].replica = solo
		}
		rep.rssSolo, _ = connectMeasured(b, desks, arr, solo, nil)
		cpu := startCPU(solo)
		rep.oneReplica = decideAll(b, client, owner, desks, arr, 0, decisions)
		rep.oneReplica.cpu = cpu.stop()
		closeAll(desks)
		solo.stop()

		// Two replicas: desktops split, the decisions made on A.
		a, bRep := startReplica(b, bin, "A", dsn), startReplica(b, bin, "B", dsn)
		owner.replica = a
		for j := range desks {
			desks[j].replica = []*replica{a, bRep}[j%2]
		}
		rep.rssA, rep.rssB = connectMeasured(b, desks, arr, a, bRep)
		// Every desktop fetches its feed and policy once, so it holds
		// their ETags when the decisions change the policy.
		var first pollStats
		if err := pollRound(client, desks, 2*pollers, &first); err != nil {
			b.Fatal(err)
		}
		cpu = startCPU(a, bRep)
		rep.twoReplicas = decideAll(b, client, owner, desks, arr, decisions, decisions)
		rep.twoReplicas.cpu = cpu.stop()
		rep.notify = notes.snapshot()

		// The round after the decisions: the feed did not change (304),
		// every desktop's pre-approvals did (200 with the new ETag) — a
		// server that answered 304 to everything would fail here.
		var after pollStats
		if err := pollRound(client, desks, 2*pollers, &after); err != nil {
			b.Fatal(err)
		}
		if after.notModified.Load() != int64(n) || after.ok.Load() != int64(n) {
			b.Fatalf("after the decisions: %d polls answered 304 and %d 200; want %d of each (feed unchanged, policy changed)",
				after.notModified.Load(), after.ok.Load(), n)
		}
		say("round after the decisions: %d feeds 304, %d policies 200 (changed)", after.notModified.Load(), after.ok.Load())
		// Then the steady rounds, nothing changing.
		rep.polls = steadyPolls(b, client, desks, rounds-1, []*replica{a, bRep}, dsn)
		closeAll(desks)
	}
	rep.log(b)
}

// connectMeasured connects every desktop's stream and returns the VmRSS of
// the replicas a and b before and after, with the number of streams each holds.
func connectMeasured(b *testing.B, desks []desktop, arr *arrivals, a, other *replica) (ra, rb rssDelta) {
	b.Helper()
	reps := []*replica{a, other}
	out := make([]rssDelta, 2)
	for i, r := range reps {
		if r != nil {
			out[i] = rssDelta{replica: r.name, beforeKB: rssKB(b, r.cmd.Process.Pid)}
		}
	}
	start := time.Now()
	if err := connectAll(desks, arr, 2*time.Minute); err != nil {
		b.Fatal(err)
	}
	took := time.Since(start)
	time.Sleep(2 * time.Second) // the last responses written, the replicas idle
	for i, r := range reps {
		if r == nil {
			continue
		}
		for _, dk := range desks {
			if dk.replica == r {
				out[i].streams++
			}
		}
		out[i].afterKB, out[i].connect = rssKB(b, r.cmd.Process.Pid), took
		say("%d streams connected in %s; replica %s VmRSS %d -> %d KB", len(desks), took.Round(time.Millisecond), r.name, out[i].beforeKB, out[i].afterKB)
	}
	return out[0], out[1]
}

// decideAll makes count decisions k = first.. on replica A (owner.replica):
// member k asks for an account-level app, the owner approves it for the
// account, which publishes approvals.changed to everyone. Each latency runs
// from just before the decision's POST (so it includes the request, the
// commit and the response) to the moment the last desktop read the event.
func decideAll(b *testing.B, client *http.Client, owner desktop, desks []desktop, arr *arrivals, first, count int) latencies {
	b.Helper()
	var out latencies
	for k := first; k < first+count; k++ {
		listing := decisionMarker + strconv.Itoa(k)
		var req struct {
			ID int64 `json:"id"`
		}
		member := desks[k%len(desks)]
		member.replica = owner.replica
		if err := call(client, member, http.MethodPost, "/api/v1/requests",
			map[string]any{"listing_id": listing, "app_type": "account", "reason": "scale benchmark"}, http.StatusCreated, &req); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := call(client, owner, http.MethodPost, fmt.Sprintf("/api/v1/requests/%d/decision", req.ID),
			map[string]any{"approve": true, "for_account": true, "note": "approved for everyone"}, http.StatusOK, nil); err != nil {
			b.Fatal(err)
		}
		out.post = append(out.post, time.Since(start))
		deadline := time.Now().Add(10 * time.Second)
		for arr.count[k].Load() < int64(len(desks)) {
			if time.Now().After(deadline) {
				b.Fatalf("decision %d: %d of %d desktops heard it within 10 s", k, arr.count[k].Load(), len(desks))
			}
			time.Sleep(time.Millisecond)
		}
		first, median, last := arr.spread(k, start)
		out.first = append(out.first, first)
		out.median = append(out.median, median)
		out.last = append(out.last, last)
		time.Sleep(200 * time.Millisecond) // decisions are people's, not a burst
	}
	return out
}

// call sends a JSON request as dk and decodes the answer into out.
func call(client *http.Client, dk desktop, method, path string, body any, want int, out any) error {
	raw, _ := json.Marshal(body)
	req, err := http.NewRequest(method, dk.replica.base+path, bytes.NewReader(raw))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+dk.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var msg bytes.Buffer
	_, _ = msg.ReadFrom(resp.Body)
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: %s %s", method, path, resp.Status, msg.String())
	}
	if out != nil {
		return json.Unmarshal(msg.Bytes(), out)
	}
	return nil
}

// steadyPolls runs the steady polling rounds and measures the CPU time the
// replicas and PostgreSQL spent on them.
func steadyPolls(b *testing.B, client *http.Client, desks []desktop, rounds int, reps []*replica, dsn string) pollFigures {
	b.Helper()
	socketDir := socketDirOf(dsn)
	var st pollStats
	before := make([]int64, len(reps))
	for i, r := range reps {
		before[i], _, _ = cpuTicks(r.cmd.Process.Pid)
	}
	pgBefore := postgresTicks(b, socketDir)
	start := time.Now()
	for i := 0; i < rounds; i++ {
		if err := pollRound(client, desks, 2*pollers, &st); err != nil {
			b.Fatal(err)
		}
	}
	out := pollFigures{wall: time.Since(start), requests: st.requests.Load(), notModified: st.notModified.Load(), ok: st.ok.Load()}
	for i, r := range reps {
		after, _, _ := cpuTicks(r.cmd.Process.Pid)
		out.serverTicks += after - before[i]
	}
	out.pgTicks = postgresTicks(b, socketDir) - pgBefore
	return out
}

func socketDirOf(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return ""
	}
	return u.Query().Get("host")
}

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
