package filelock

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

func TestOneHolderAtATime(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lock")
	l, err := Try(path)
	if err != nil || l == nil {
		t.Fatalf("Try = %v, %v", l, err)
	}
	l.Describe("the catalog")
	if got := Holder(path); got != "the catalog" {
		t.Fatalf("Holder = %q", got)
	}
	if second, err := Try(path); err != nil || second != nil {
		t.Fatalf("a second Try while held = %v, %v; want nil, nil", second, err)
	}
	if _, err := Wait(context.Background(), path, 50*time.Millisecond, 10*time.Millisecond); !errors.Is(err, ErrTimedOut) {
		t.Fatalf("Wait on a held lock = %v, want ErrTimedOut", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Wait(ctx, path, time.Minute, 10*time.Millisecond); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait with a cancelled context = %v", err)
	}
	time.AfterFunc(30*time.Millisecond, l.Release)
	again, err := Wait(context.Background(), path, 5*time.Second, 10*time.Millisecond)
	if err != nil || again == nil {
		t.Fatalf("Wait after the release = %v, %v", again, err)
	}
	defer again.Release()
	if got := Holder(path); got != "" {
		t.Fatalf("a released lock still names %q", got)
	}
}
