package events

import (
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"testing"
)

// cluster is a private PostgreSQL for the fault tests, which must restart
// it: initdb in a temporary directory, reached on a unix socket only (the
// same shape as scripts/pg-session.sh).
type cluster struct {
	bin, dir, opts string
	asOwner        []string
	URL            string
}

func startCluster(t *testing.T) *cluster {
	t.Helper()
	bin := os.Getenv("MARKETDESK_PG_BIN")
	if bin == "" {
		bin = "/usr/lib/postgresql/15/bin"
	}
	if _, err := os.Stat(filepath.Join(bin, "initdb")); err != nil {
		t.Fatalf("the fault tests start their own PostgreSQL: %v (run scripts/deps.sh test, or set MARKETDESK_PG_BIN)", err)
	}
	// Not t.TempDir: its parent is private to this user, and PostgreSQL
	// runs as another when the tests run as root.
	dir, err := os.MkdirTemp("", "md-events-pg-")
	if err != nil {
		t.Fatal(err)
	}
	c := &cluster{bin: bin, dir: dir}
	t.Cleanup(func() {
		_ = c.pgCtl("-m", "immediate", "stop")
		os.RemoveAll(dir)
	})
	if os.Geteuid() == 0 { // PostgreSQL refuses to run as root
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root needs the postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		c.asOwner = []string{"runuser", "-u", "postgres", "--"}
	}
	if out, err := c.command(filepath.Join(bin, "initdb"), "-D", c.data(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	c.opts = "-c listen_addresses='' -c unix_socket_directories=" + dir +
		" -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	c.start(t)
	c.URL = "postgres:///postgres?host=" + dir + "&user=postgres&sslmode=disable"
	return c
}

func (c *cluster) data() string { return filepath.Join(c.dir, "data") }

func (c *cluster) command(name string, args ...string) *exec.Cmd {
	argv := append(append(append([]string{}, c.asOwner...), name), args...)
	return exec.Command(argv[0], argv[1:]...)
}

func (c *cluster) pgCtl(args ...string) error {
	full := append([]string{"-D", c.data(), "-w"}, args...)
	return c.command(filepath.Join(c.bin, "pg_ctl"), full...).Run()
}

func (c *cluster) start(t *testing.T) {
	t.Helper()
	if err := c.pgCtl("-l", filepath.Join(c.dir, "postgres.log"), "-o", c.opts, "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(c.dir, "postgres.log"))
		t.Fatalf("start PostgreSQL: %v\n%s", err, log)
	}
}

// stop shuts PostgreSQL down the way a restart does: every connection,
// the hubs' LISTEN ones included, is terminated.
func (c *cluster) stop(t *testing.T) {
	t.Helper()
	if err := c.pgCtl("-m", "fast", "stop"); err != nil {
		t.Fatalf("stop PostgreSQL: %v", err)
	}
}
