package policy_test

import (
	"fmt"
	"sync"
	"testing"

	"marketdesk/server/policy"
)

// callAll makes the calls at once and returns their statuses.
func (f *fixture) callAll(calls ...func() response) []int {
	var wg sync.WaitGroup
	out := make([]int, len(calls))
	for i, c := range calls {
		wg.Add(1)
		go func() { defer wg.Done(); out[i] = c().status }()
	}
	wg.Wait()
	return out
}

// Two owners demoting each other at once: the owners' rows are locked, so
// one wins and the account keeps an owner.
func TestTwoOwnersCannotDemoteEachOtherAtOnce(t *testing.T) {
	f := setup(t, policy.Options{})
	second := f.addUser("owner-b", f.a.ID, "owner", true)
	for round := range 5 {
		got := f.callAll(
			func() response {
				return f.call("owner", "PUT", rolePath(second.ID), map[string]any{"role": "admin"})
			},
			func() response {
				return f.call("owner-b", "PUT", rolePath(f.id("owner")), map[string]any{"role": "admin"})
			},
		)
		var owners int
		if err := f.db.Pool.QueryRow(t.Context(), "SELECT count(*) FROM users WHERE account_id = $1 AND role = 'owner'", f.a.ID).Scan(&owners); err != nil {
			t.Fatal(err)
		}
		if owners != 1 {
			t.Fatalf("round %d: statuses %v left %d owners", round, got, owners)
		}
		// Both owners again for the next round.
		f.exec("UPDATE users SET role = 'owner', marketplace_manager = true WHERE id IN ($1, $2)", second.ID, f.id("owner"))
	}
}

// Two managers deciding one request at once: exactly one decision wins.
func TestOneDecisionWins(t *testing.T) {
	f := setup(t, policy.Options{})
	for range 5 {
		id := f.request("member")
		path := fmt.Sprintf("/api/v1/requests/%d/decision", id)
		got := f.callAll(
			func() response { return f.call("manager", "POST", path, map[string]any{"approve": true}) },
			func() response { return f.call("owner", "POST", path, map[string]any{"approve": false}) },
		)
		if !(got[0] == 200 && got[1] == 409) && !(got[0] == 409 && got[1] == 200) {
			t.Fatalf("two decisions at once = %v, want one 200 and one 409", got)
		}
	}
}
