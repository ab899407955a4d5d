package policy_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"marketdesk/server/policy"
)

// call2 is one call of callAll.
type call2 struct {
	token, method, path string
	body                any
	srv                 *httptest.Server // f.srv when nil
}

// callAll makes the calls at once and returns their statuses.
func (f *fixture) callAll(calls ...call2) []int {
	f.t.Helper()
	var wg sync.WaitGroup
	out := make([]int, len(calls))
	errs := make([]error, len(calls))
	for i, c := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			srv := c.srv
			if srv == nil {
				srv = f.srv
			}
			r, err := try(srv, c.token, c.method, c.path, c.body)
			out[i], errs[i] = r.status, err
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			f.t.Fatal(err)
		}
	}
	return out
}

// Two owners demoting each other at once: the owners' rows are locked, so
// one wins and the account keeps an owner. To make "at once" certain, the
// test holds the owners' rows itself until both calls wait on them; then
// both have passed every check that does not lock.
func TestTwoOwnersCannotDemoteEachOtherAtOnce(t *testing.T) {
	f := setup(t, policy.Options{})
	second := f.addUser("owner-b", f.a.ID, "owner", true)
	ctx := t.Context()
	hold, err := f.db.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Rollback(ctx)
	if _, err := hold.Exec(ctx, "SELECT id FROM users WHERE account_id = $1 AND role = 'owner' FOR UPDATE", f.a.ID); err != nil {
		t.Fatal(err)
	}
	done := make(chan []int)
	go func() {
		done <- f.callAll(
			call2{"owner", "PUT", rolePath(second.ID), map[string]any{"role": "admin"}, nil},
			call2{"owner-b", "PUT", rolePath(f.id("owner")), map[string]any{"role": "admin"}, nil},
		)
	}()
	f.waitForLockWaiters(2)
	if err := hold.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	got := <-done
	var owners int
	if err := f.db.Pool.QueryRow(ctx, "SELECT count(*) FROM users WHERE account_id = $1 AND role = 'owner'", f.a.ID).Scan(&owners); err != nil {
		t.Fatal(err)
	}
	if owners != 1 || !((got[0] == 200 && got[1] == 409) || (got[0] == 409 && got[1] == 200)) {
		t.Fatalf("two owners demoting each other at once: statuses %v left %d owners, want one 200, one 409 and one owner", got, owners)
	}
}

// waitForLockWaiters waits until n sessions of the test database wait on a lock.
func (f *fixture) waitForLockWaiters(n int) {
	f.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var waiting int
		err := f.db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting)
		if err != nil {
			f.t.Fatal(err)
		}
		if waiting >= n {
			return
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("%d sessions wait on a lock after 20 s, want %d", waiting, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Two managers deciding one request at once: exactly one decision wins.
func TestOneDecisionWins(t *testing.T) {
	f := setup(t, policy.Options{})
	for range 5 {
		id := f.request("member")
		path := fmt.Sprintf("/api/v1/requests/%d/decision", id)
		got := f.callAll(
			call2{"manager", "POST", path, map[string]any{"approve": true}, nil},
			call2{"owner", "POST", path, map[string]any{"approve": false}, nil},
		)
		if !(got[0] == 200 && got[1] == 409) && !(got[0] == 409 && got[1] == 200) {
			t.Fatalf("two decisions at once = %v, want one 200 and one 409", got)
		}
	}
}

// Calls at once on two replicas: the limit counts them all, exactly.
func TestRateLimitHoldsForCallsAtOnceOnTwoReplicas(t *testing.T) {
	o := policy.Options{RequestLimit: 5, RequestWindow: time.Minute}
	f := setup(t, o)
	o.Now = f.clock.Now
	other := f.serve(policy.Routes(f.db, f.pub, o))
	var calls []call2
	for i := range 16 {
		srv := f.srv
		if i%2 == 1 {
			srv = other
		}
		calls = append(calls, call2{"member", "POST", "/api/v1/requests", map[string]any{"listing_id": fmt.Sprintf("app-%d", i)}, srv})
	}
	created, limited := 0, 0
	for _, status := range f.callAll(calls...) {
		switch status {
		case 201:
			created++
		case 429:
			limited++
		}
	}
	if created != 5 || limited != 11 {
		t.Fatalf("16 requests at once with a limit of 5: %d created, %d limited", created, limited)
	}
}
