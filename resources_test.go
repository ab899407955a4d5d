//go:build linux

package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"marketdesk/app/account"
	"marketdesk/app/catalog"
	"marketdesk/app/catalog/defaultcatalog"
	"marketdesk/app/netguard"
	"marketdesk/app/netguard/netguardtest"
	"marketdesk/db"
)

// Linux only: the peak memory is read from /proc.

// Issue 10, acceptance 2: hostile feeds, each read by a real process, are
// refused or skipped with a message naming the cause, within the memory
// budget (docs/catalog-feed.md, "Limits") and the feed time limit.

// memoryBudget is the documented peak resident memory of reading any feed.
const memoryBudget = 300 << 20

// feedProbeEnv makes the test binary a process that adds one https feed
// with a guard trusting the test's loopback server (the CLI's own guard
// trusts only the system's roots and refuses loopback): the same catalog
// code as `marketdesk catalog add`, in a process of its own to measure.
const feedProbeEnv = "MARKETDESK_AS_FEEDPROBE"

// measuredCLIEnv runs main's run() like MARKETDESK_AS_CLI (main_test.go),
// then writes the process's peak resident memory to peakFileEnv's file.
const (
	measuredCLIEnv = "MARKETDESK_AS_MEASURED_CLI"
	peakFileEnv    = "MARKETDESK_PEAK_FILE"
)

func init() {
	if raw, ok := os.LookupEnv(feedProbeEnv); ok {
		code := feedProbe(raw)
		writePeak()
		os.Exit(code)
	}
	if raw, ok := os.LookupEnv(measuredCLIEnv); ok {
		var args []string
		if err := json.Unmarshal([]byte(raw), &args); err != nil {
			panic(err)
		}
		code := run(args)
		writePeak()
		os.Exit(code)
	}
}

// writePeak records VmHWM, the peak resident memory of this process's own
// address space. getrusage's ru_maxrss of a child is not used for the
// figure: Go starts children with vfork, and Linux carries the parent's
// high-water mark over the exec, so it reads at least the test's own size.
func writePeak() {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		panic(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			os.WriteFile(os.Getenv(peakFileEnv), []byte(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB"))), 0o600)
		}
	}
}

type probeArgs struct{ Home, URL, CertPEM string }

func feedProbe(raw string) int {
	var a probeArgs
	if err := json.Unmarshal([]byte(raw), &a); err != nil {
		panic(err)
	}
	ctx := context.Background()
	database, err := db.Open(ctx, filepath.Join(a.Home, db.FileName))
	if err != nil {
		panic(err)
	}
	defer database.Close()
	owner, err := account.New(database, time.Now).Init(ctx, "Acme", account.Profile{Name: "Olive Owner", Email: "olive@acme.example"})
	if err != nil {
		panic(err)
	}
	block, _ := pem.Decode([]byte(a.CertPEM))
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		panic(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	guard := netguard.New(netguard.Config{RootCAs: pool, Classify: netguardtest.Classes(netguardtest.LoopbackIsPublic)})
	syncer := catalog.NewSyncer(database, defaultcatalog.FS, guard.Client(), time.Now, nil)
	if err := syncer.EnsureEmbeddedSource(ctx); err != nil {
		panic(err)
	}
	if _, err := syncer.AddSource(ctx, owner, a.URL); err != nil {
		fmt.Fprintf(os.Stderr, "marketdesk: %v\n", err)
		return 1
	}
	return 0
}

// measured is one hostile feed read by a child process.
type measured struct {
	result
	peak    int64 // peak resident memory of the child's own address space (VmHWM), bytes
	maxrss  int64 // getrusage's ru_maxrss: an upper bound (see writePeak), bytes
	elapsed time.Duration
}

// runMeasured runs the test binary as a child with env and returns its
// output, exit code, peak RSS (getrusage's ru_maxrss, KiB on Linux) and time.
func runMeasured(t testing.TB, env []string) measured {
	t.Helper()
	peakFile := filepath.Join(t.TempDir(), "peak")
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), append(env, peakFileEnv+"="+peakFile)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	err := cmd.Run()
	m := measured{elapsed: time.Since(start)}
	if exitErr, ok := err.(*exec.ExitError); ok {
		m.code = exitErr.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	m.stdout, m.stderr = out.String(), errOut.String()
	m.maxrss = cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10
	kib, err := os.ReadFile(peakFile)
	if err != nil {
		t.Fatalf("the child did not record its peak memory: %v\n%s", err, m.stderr)
	}
	if _, err := fmt.Sscan(string(kib), &m.peak); err != nil {
		t.Fatalf("peak %q: %v", kib, err)
	}
	m.peak <<= 10
	return m
}

// cliMeasured runs `marketdesk ARGS` in the data directory home.
func cliMeasured(t testing.TB, home string, env []string, args ...string) measured {
	t.Helper()
	raw, _ := json.Marshal(args)
	return runMeasured(t, append([]string{measuredCLIEnv + "=" + string(raw), "MARKETDESK_HOME=" + home}, env...))
}

func probeMeasured(t testing.TB, srv *httptest.Server, env []string) measured {
	t.Helper()
	cert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	raw, _ := json.Marshal(probeArgs{Home: t.TempDir(), URL: srv.URL + "/feed.json", CertPEM: string(cert)})
	return runMeasured(t, append([]string{feedProbeEnv + "=" + string(raw)}, env...))
}

// writeStream writes a feed file piece by piece: head, then fill repeated
// to size bytes, then tail, without holding it in memory.
func writeStream(t testing.TB, path, head string, fill []byte, size int, tail string) string {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(head)
	for n := 0; n < size; n += len(fill) {
		w.Write(fill[:min(len(fill), size-n)])
	}
	w.WriteString(tail)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

// gzipBomb is n MiB of spaces after a feed's opening, as gzip: one
// compressed MiB repeated (concatenated gzip members are one stream), so
// that it is made in milliseconds and is about a thousandth of its size.
func gzipBomb(mib int) []byte {
	var head, member bytes.Buffer
	zw := gzip.NewWriter(&head)
	zw.Write([]byte(`{"schema_version": 1, "listings": [`))
	zw.Close()
	zw, _ = gzip.NewWriterLevel(&member, gzip.BestCompression)
	zw.Write(bytes.Repeat([]byte(" "), 1<<20))
	zw.Close()
	return append(head.Bytes(), bytes.Repeat(member.Bytes(), mib)...)
}

// feedCase is one hostile input: run reads it in a child process.
type feedCase struct {
	name  string
	run   func(t testing.TB) measured
	check func(m measured) string // "" when the outcome is right
}

func feedCases(dir string) []feedCase {
	initHome := func(t testing.TB) string {
		home := filepath.Join(t.TempDir(), "data")
		if r := cliMeasured(t, home, nil, "init", "--account", "Acme", "--name", "Olive Owner", "--email", "olive@acme.example"); r.code != 0 {
			t.Fatalf("init: %+v", r.result)
		}
		return home
	}
	good := fmt.Sprintf(cliListing, "good-one", "Good One", "user")
	bomb := gzipBomb(1024)
	return []feedCase{{
		name: "200 MB string",
		run: func(t testing.TB) measured {
			path := writeStream(t, filepath.Join(dir, "string.json"), `{"schema_version": 1, "listings": [`+good+`, {"id": "huge", "description": "`,
				bytes.Repeat([]byte("x"), 1<<20), 200_000_000, `"}]}`)
			return cliMeasured(t, initHome(t), nil, "catalog", "add", path)
		},
		check: wants(0, "1 added", "skipped huge: the entry is 200000", "over the 1048576-byte (1 MiB) limit"),
	}, {
		name: "200 MB of whitespace",
		run: func(t testing.TB) measured {
			path := writeStream(t, filepath.Join(dir, "space.json"), "", bytes.Repeat([]byte(" \n\t"), 1<<18), 200_000_000, "")
			return cliMeasured(t, initHome(t), nil, "catalog", "add", path)
		},
		check: wants(1, "the feed is empty or cut short"),
	}, {
		name: "50k bad entries",
		run: func(t testing.TB) measured {
			path := filepath.Join(dir, "bad.json")
			var b strings.Builder
			for i := range 50_000 {
				fmt.Fprintf(&b, `, {"id": "bad-%d", "name": "Bad %d", "type": "everyone"}`, i, i)
			}
			writeStream(t, path, `{"schema_version": 1, "listings": [`+good, nil, 0, b.String()+`]}`)
			return cliMeasured(t, initHome(t), nil, "catalog", "add", path)
		},
		check: func(m measured) string {
			if len(m.stdout) > 64<<10 {
				return fmt.Sprintf("the report is %d bytes", len(m.stdout))
			}
			return wants(0, "1 added, 0 updated, 0 removed, 50000 skipped", "and 49900 more skipped entries", "skipped bad-99:")(m)
		},
	}, {
		name: "gzip bomb file",
		run: func(t testing.TB) measured {
			path := filepath.Join(dir, "bomb.json.gz")
			if err := os.WriteFile(path, bomb, 0o600); err != nil {
				t.Fatal(err)
			}
			return cliMeasured(t, initHome(t), nil, "catalog", "add", path)
		},
		check: wants(1, "the feed is larger than 256 MiB once decompressed"),
	}, {
		name: "gzip bomb over https",
		run: func(t testing.TB) measured {
			srv := netguardtest.TLSServerOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Encoding", "gzip")
				w.Header().Set("Content-Type", "application/json")
				w.Write(bomb)
			}))
			return probeMeasured(t, srv, nil)
		},
		check: wants(1, "the feed is larger than 256 MiB"),
	}, {
		name: "1 byte/s drip over https",
		run: func(t testing.TB) measured {
			srv := netguardtest.TLSServerOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				for _, c := range []byte(`{"schema_version": 1, "listings": []}`) {
					if _, err := w.Write([]byte{c}); err != nil {
						return
					}
					w.(http.Flusher).Flush()
					select {
					case <-r.Context().Done():
						return
					case <-time.After(time.Second):
					}
				}
			}))
			return probeMeasured(t, srv, []string{catalog.FeedTimeoutEnv + "=2s"})
		},
		check: func(m measured) string {
			if m.elapsed > 10*time.Second {
				return fmt.Sprintf("took %s with a 2 s limit", m.elapsed)
			}
			return wants(1, "the feed took longer than 2s")(m)
		},
	}}
}

// wants checks the exit code and that the output names the cause.
func wants(code int, parts ...string) func(m measured) string {
	return func(m measured) string {
		if m.code != code {
			return fmt.Sprintf("exit %d, want %d", m.code, code)
		}
		for _, p := range parts {
			if !strings.Contains(m.stdout+m.stderr, p) {
				return fmt.Sprintf("the output does not say %q", p)
			}
		}
		return ""
	}
}

func TestHostileFeedsStayWithinTheBudget(t *testing.T) {
	dir := t.TempDir()
	for _, c := range feedCases(dir) {
		t.Run(c.name, func(t *testing.T) {
			m := c.run(t)
			if problem := c.check(m); problem != "" {
				t.Fatalf("%s: %s\nstdout: %.2000s\nstderr: %.2000s", c.name, problem, m.stdout, m.stderr)
			}
			if m.peak > memoryBudget || m.maxrss > memoryBudget {
				t.Fatalf("%s: peak RSS %d MiB (ru_maxrss %d MiB), over the %d MiB budget", c.name, m.peak>>20, m.maxrss>>20, memoryBudget>>20)
			}
			t.Logf("%s: peak RSS %.1f MiB (ru_maxrss %.1f MiB) in %s", c.name, float64(m.peak)/(1<<20), float64(m.maxrss)/(1<<20), m.elapsed.Round(time.Millisecond))
			for _, f := range []string{"string.json", "space.json"} {
				os.Remove(filepath.Join(dir, f)) // 200 MB each: gone as soon as read
			}
		})
	}
}

// BenchmarkFeedMemory reports the peak resident memory of the process
// reading each hostile feed (docs/performance.md, "Memory per input").
func BenchmarkFeedMemory(b *testing.B) {
	dir := b.TempDir()
	baseline := feedCase{
		name: "baseline: a 1-listing feed",
		run: func(t testing.TB) measured {
			path := writeStream(t, filepath.Join(dir, "one.json"), `{"schema_version": 1, "listings": [`+fmt.Sprintf(cliListing, "good-one", "Good One", "user")+`]}`, nil, 0, "")
			home := filepath.Join(t.TempDir(), "data")
			if r := cliMeasured(t, home, nil, "init", "--account", "Acme", "--name", "Olive Owner", "--email", "olive@acme.example"); r.code != 0 {
				t.Fatalf("init: %+v", r.result)
			}
			return cliMeasured(t, home, nil, "catalog", "add", path)
		},
		check: wants(0, "1 added"),
	}
	for _, c := range append([]feedCase{baseline}, feedCases(dir)...) {
		b.Run(strings.NewReplacer(" ", "_", ":", "").Replace(c.name), func(b *testing.B) {
			var peak int64
			var took time.Duration
			for range b.N {
				m := c.run(b)
				if problem := c.check(m); problem != "" {
					b.Fatalf("%s: %s", c.name, problem)
				}
				peak, took = max(peak, m.peak), max(took, m.elapsed)
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
			// the child's own time; ns/op also counts writing the input
			b.ReportMetric(took.Seconds(), "child-s")
		})
	}
}
