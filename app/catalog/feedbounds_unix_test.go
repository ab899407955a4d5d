//go:build unix

package catalog

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestOnlyRegularFilesAreFeeds(t *testing.T) {
	f := setup(t, feed())
	fifo := filepath.Join(t.TempDir(), "feed.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{fifo: "named pipe (FIFO)", t.TempDir(): "a folder", "/dev/zero": "a device"} {
		start := time.Now()
		if _, err := f.syncer.AddSource(f.ctx, f.owner, path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("AddSource(%s) = %v; want a refusal naming %q", path, err, want)
		}
		// A FIFO that became the feed after it was added: the sync refuses
		// it at once instead of waiting for a writer.
		if _, err := openFile(sourceRow{Location: path}, newFetchClock(), (&fetcher{}).counted); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("openFile(%s) = %v; want a refusal naming %q", path, err, want)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s took %s to refuse", path, d)
		}
	}
}
