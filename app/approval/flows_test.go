package approval

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"marketdesk/app/account"
	"marketdesk/app/apperr"
	"marketdesk/app/audit"
	"marketdesk/app/catalog"
)

func mustAllow(t *testing.T, f *fixture, who string, d Decision, err error, want bool) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if d.Allowed != want {
		t.Errorf("%s: decision %+v, want allowed=%v", who, d, want)
	}
}

// Acceptance 1: A approved for all, B for M only; M may install both, N only
// A; with the requirement off N may install any user-level app, still no
// account-level one.
func TestPreApprovalForAccountAndForUsers(t *testing.T) {
	f := setup(t)
	if _, err := f.approvals.PreApprove(f.ctx, f.owner, "app-a", Grant{ForAccount: true, Note: "everyone"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.approvals.PreApprove(f.ctx, f.owner, "app-b", Grant{UserIDs: []int64{f.m.ID}}); err != nil {
		t.Fatal(err)
	}
	d, err := f.approvals.Check(f.ctx, f.m, "app-a")
	mustAllow(t, f, "M app-a", d, err, true)
	d, err = f.approvals.Check(f.ctx, f.m, "app-b")
	mustAllow(t, f, "M app-b", d, err, true)
	d, err = f.approvals.Check(f.ctx, f.n, "app-a")
	mustAllow(t, f, "N app-a", d, err, true)
	d, err = f.approvals.Check(f.ctx, f.n, "app-b")
	mustAllow(t, f, "N app-b", d, err, false)
	if d.Reason != NeedsPreapproval {
		t.Errorf("N app-b reason = %s", d.Reason)
	}

	if _, err := f.accounts.SetRequirePreapproval(f.ctx, f.owner, false); err != nil {
		t.Fatal(err)
	}
	d, err = f.approvals.Check(f.ctx, f.n, "app-b")
	mustAllow(t, f, "N app-b, requirement off", d, err, true)
	d, err = f.approvals.Check(f.ctx, f.n, "app-acct")
	mustAllow(t, f, "N account app, requirement off", d, err, false)
	if d.Reason != AdminsOnly {
		t.Errorf("N account app reason = %s", d.Reason)
	}
	d, err = f.approvals.Check(f.ctx, f.manager, "app-acct")
	mustAllow(t, f, "manager account app", d, err, true)
}

// Acceptance 2 and 4: request, deny with a note, ask again, approve for the
// requester; every step lands in the audit log.
func TestRequestDenyAskAgainApprove(t *testing.T) {
	f := setup(t)
	req, err := f.approvals.Ask(f.ctx, f.n, "app-b", "I need it for the board meeting")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.approvals.Ask(f.ctx, f.n, "app-b", "again"); apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("a second pending request: %v", err)
	}
	if n, _ := f.approvals.PendingCount(f.ctx, f.owner); n != 1 {
		t.Fatalf("badge = %d, want 1", n)
	}
	if _, err := f.approvals.DecideRequest(f.ctx, f.owner, req.ID, Verdict{Note: "Use app A instead"}); err != nil {
		t.Fatal(err)
	}
	act, err := f.approvals.ActionFor(f.ctx, f.n, "app-b")
	if err != nil || act.State != "denied" || act.Request.DecisionNote != "Use app A instead" {
		t.Fatalf("N's action after the denial: %+v %v", act, err)
	}
	again, err := f.approvals.Ask(f.ctx, f.n, "app-b", "A cannot export")
	if err != nil {
		t.Fatal(err)
	}
	if act, _ := f.approvals.ActionFor(f.ctx, f.n, "app-b"); act.State != "pending" {
		t.Fatalf("after asking again: %+v", act)
	}
	if _, err := f.approvals.DecideRequest(f.ctx, f.owner, again.ID, Verdict{Approve: true}); err != nil {
		t.Fatal(err)
	}
	if act, _ := f.approvals.ActionFor(f.ctx, f.n, "app-b"); act.State != "install" {
		t.Fatalf("after approval N should see Install: %+v", act)
	}
	if act, _ := f.approvals.ActionFor(f.ctx, f.m, "app-b"); act.State != "request" {
		t.Fatalf("approval for N only must not cover M: %+v", act)
	}
	mine, _ := f.approvals.MyRequests(f.ctx, f.n)
	if len(mine) != 2 || mine[0].Status != StatusApproved || mine[1].Status != StatusDenied {
		t.Fatalf("my requests: %+v", mine)
	}

	entries, err := audit.List(f.ctx, f.db, audit.Filter{Action: "request."})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	if got := strings.Join(actions, ","); got != "request.approved,request.created,request.denied,request.created" {
		t.Fatalf("audit of the requests = %s", got)
	}
	csv := audit.CSV(entries)
	if lines := strings.Count(csv, "\n"); lines != 5 || !strings.HasPrefix(csv, "id,at,actor_id") {
		t.Fatalf("CSV has %d lines:\n%s", lines, csv)
	}
}

func TestCancelOwnRequestOnly(t *testing.T) {
	f := setup(t)
	req, _ := f.approvals.Ask(f.ctx, f.n, "app-b", "")
	if err := f.approvals.Cancel(f.ctx, f.m, req.ID); apperr.CodeOf(err) != apperr.NotFound {
		t.Fatalf("cancelling someone else's request: %v", err)
	}
	if err := f.approvals.Cancel(f.ctx, f.n, req.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.approvals.Cancel(f.ctx, f.n, req.ID); apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("cancelling twice: %v", err)
	}
}

// Two managers decide the same request at once: exactly one wins.
func TestConcurrentDecisionsOneWins(t *testing.T) {
	f := setup(t)
	req, _ := f.approvals.Ask(f.ctx, f.n, "app-b", "")
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, verdict := range []Verdict{{Approve: true}, {Note: "no"}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			who := f.owner
			if i == 1 {
				who = f.manager
			}
			_, errs[i] = f.approvals.DecideRequest(context.Background(), who, req.ID, verdict)
		}()
	}
	wg.Wait()
	wins, conflicts := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case apperr.CodeOf(err) == apperr.Conflict && strings.Contains(err.Error(), "already"):
			conflicts++
		default:
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if wins != 1 || conflicts != 1 {
		t.Fatalf("wins %d, conflicts %d; want exactly one of each", wins, conflicts)
	}
}

// A member asks for an account-level app: a manager installs it for the
// account (install's tests), or denies; a plain approval would pre-approve
// nothing and is refused.
func TestMembersRequestAccountApps(t *testing.T) {
	f := setup(t)
	act, _ := f.approvals.ActionFor(f.ctx, f.m, "app-acct")
	if act.State != "request" || act.Decision.Reason != AdminsOnly {
		t.Fatalf("member's action on an account app: %+v", act)
	}
	r, err := f.approvals.Ask(f.ctx, f.m, "app-acct", "for the team")
	if err != nil {
		t.Fatalf("member asking for an account app: %v", err)
	}
	if act, _ := f.approvals.ActionFor(f.ctx, f.m, "app-acct"); act.State != "pending" {
		t.Fatalf("after asking: %+v", act)
	}
	if _, err := f.approvals.DecideRequest(f.ctx, f.owner, r.ID, Verdict{Approve: true}); apperr.CodeOf(err) != apperr.Conflict ||
		!strings.Contains(err.Error(), "install it for the account") {
		t.Fatalf("approving an account app's request without installing it: %v", err)
	}
	if _, err := f.approvals.DecideRequest(f.ctx, f.m, r.ID, Verdict{Approve: false}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Fatalf("a member deciding: %v", err)
	}
	if _, err := f.approvals.DecideRequest(f.ctx, f.owner, r.ID, Verdict{Note: "not this quarter"}); err != nil {
		t.Fatal(err)
	}
}

// A member is told about each decision once: Decisions lists what they were
// not told yet, SeeDecisions records it in the database (it survives a
// restart), per user, and a decision made after the toasts stays news.
func TestDecisionsAreNewsUntilSeen(t *testing.T) {
	f := setup(t)
	ra, _ := f.approvals.Ask(f.ctx, f.m, "app-a", "")
	rb, _ := f.approvals.Ask(f.ctx, f.m, "app-b", "")
	rn, _ := f.approvals.Ask(f.ctx, f.n, "app-a", "")
	f.approvals.DecideRequest(f.ctx, f.owner, ra.ID, Verdict{Approve: true})
	f.approvals.DecideRequest(f.ctx, f.owner, rn.ID, Verdict{Note: "no"})
	news, err := f.approvals.Decisions(f.ctx, f.m)
	if err != nil || len(news) != 1 || news[0].ID != ra.ID || news[0].Status != StatusApproved {
		t.Fatalf("Mel's news: %+v %v", news, err)
	}
	if err := f.approvals.SeeDecisions(f.ctx, f.m, ra.ID); err != nil {
		t.Fatal(err)
	}
	f.approvals.DecideRequest(f.ctx, f.owner, rb.ID, Verdict{Note: "later"})
	again := New(f.db, f.accounts, time.Now) // as after a restart: only the database remembers
	if news, _ := again.Decisions(f.ctx, f.m); len(news) != 1 || news[0].ID != rb.ID || news[0].Status != StatusDenied {
		t.Fatalf("Mel's news after seeing the first: %+v", news)
	}
	if news, _ := again.Decisions(f.ctx, f.n); len(news) != 1 || news[0].ID != rn.ID {
		t.Fatalf("Nia's news are hers: %+v", news)
	}
}

// "Pre-approved for me" on Discover: M sees A and B, N only A.
func TestPreApprovedForMeFilter(t *testing.T) {
	f := setup(t)
	f.approvals.PreApprove(f.ctx, f.owner, "app-a", Grant{ForAccount: true})
	f.approvals.PreApprove(f.ctx, f.owner, "app-b", Grant{UserIDs: []int64{f.m.ID}})
	searcher := catalog.NewSearcher(f.db)
	for who, want := range map[*account.User]string{&f.m: "app-a,app-b", &f.n: "app-a"} {
		for _, text := range []string{"", "app"} {
			res, err := searcher.Search(f.ctx, catalog.Query{Text: text, PreApprovedOnly: true, Sort: catalog.SortName}, who.ID)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range res.Items {
				got = append(got, c.ID)
			}
			if strings.Join(got, ",") != want || res.Total != int64(len(got)) {
				t.Errorf("%s, text %q: pre-approved for me = %v (total %d), want %s", who.Name, text, got, res.Total, want)
			}
		}
	}
}
