package orgdesk_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"marketdesk/app/oauthflow"
	"marketdesk/app/org"
	"marketdesk/app/orgdesk"
	"marketdesk/app/vault/vaulttest"
	"marketdesk/db/testdb"
	"marketdesk/server/events"
)

// window records what the service emits to the frontend.
type window struct{ sent chan emitted }

type emitted struct {
	name string
	data any
}

func (w *window) Emit(name string, data any) { w.sent <- emitted{name, data} }

// await returns the first emission named name that ok accepts.
func (w *window) await(t *testing.T, name string, ok func(any) bool) any {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case e := <-w.sent:
			if e.name == name && ok(e.data) {
				return e.data
			}
		case <-deadline:
			t.Fatalf("no %s event arrived", name)
			return nil
		}
	}
}

type notifications struct {
	mu    sync.Mutex
	shown [][2]string
}

func (n *notifications) Notify(title, body string) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.shown = append(n.shown, [2]string{title, body})
	return nil
}

// await waits for n notifications: the window's event is emitted first and
// the OS notification follows it, so the test may see the event before it.
func (n *notifications) await(t *testing.T, count int) [][2]string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		n.mu.Lock()
		shown := append([][2]string(nil), n.shown...)
		n.mu.Unlock()
		if len(shown) >= count || time.Now().After(deadline) {
			return shown
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func newService(t *testing.T, b oauthflow.Opener) (*orgdesk.Service, *window, *notifications) {
	t.Helper()
	d := testdb.New(t)
	v, _, err := vaulttest.Real(t).ForDatabase(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	return restart(t, org.Config{DB: d, Vault: v, Opener: b, SignInTimeout: 20 * time.Second})
}

// restart is the app started again on the same data directory.
func restart(t *testing.T, cfg org.Config) (*orgdesk.Service, *window, *notifications) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	w, n := &window{sent: make(chan emitted, 1000)}, &notifications{}
	return orgdesk.NewService(ctx, org.New(cfg), w.Emit, n), w, n
}

// Connect from the window: progress, who you are, the stream goes live,
// a decision on your request reaches the window and the OS notifier, and
// Disconnect returns the desktop to local mode.
func TestConnectListenDisconnect(t *testing.T) {
	o := startOrg(t)
	b := &browser{user: "max", password: "max-pw", opened: make(chan string, 10)}
	svc, w, n := newService(t, b)

	st, err := svc.OrgStatus()
	if err != nil || st.State != org.StateLocal {
		t.Fatalf("before: %+v, %v", st, err)
	}
	st, err = svc.OrgConnect(o.url)
	if err != nil {
		t.Fatal(err)
	}
	if st.State != org.StateConnected || st.Email != "max@example.org" || st.Role == "" || st.Server != o.url {
		t.Fatalf("after connect: %+v", st)
	}
	w.await(t, orgdesk.ProgressEvent, func(d any) bool { return d.(orgdesk.Progress).Phase == orgdesk.PhaseWaiting })
	// Two "connected": OrgConnect's, and the stream's once it is live (a
	// first stream starts at the server's present, so publish after it).
	for range 2 {
		w.await(t, orgdesk.StatusEvent, func(d any) bool { return d.(orgdesk.Status).State == org.StateConnected })
	}

	o.publish(t, events.RequestDecided, map[string]any{"id": 7, "listing_id": "notes", "user_id": st.UserID,
		"status": "approved", "decision_note": "ok for sales"})
	got := w.await(t, orgdesk.EventName, func(d any) bool { return d.(orgdesk.Event).Kind == "request.decided" }).(orgdesk.Event)
	if got.Data.(map[string]any)["decision_note"] != "ok for sales" {
		t.Fatalf("event data: %+v", got)
	}
	if shown := n.await(t, 1); len(shown) != 1 || shown[0] != [2]string{"Your request for notes was approved", "ok for sales"} {
		t.Fatalf("notifications: %v", shown)
	}

	if _, err := svc.OrgDisconnect(); err != nil {
		t.Fatal(err)
	}
	if st, _ := svc.OrgStatus(); st.State != org.StateLocal {
		t.Fatalf("after disconnect: %+v", st)
	}
	o.publish(t, events.RequestDecided, map[string]any{"id": 8, "listing_id": "crm", "user_id": st.UserID, "status": "denied"})
	time.Sleep(300 * time.Millisecond) // the stream is stopped: nothing more may arrive
	for len(w.sent) > 0 {
		if e := <-w.sent; e.name == orgdesk.EventName {
			t.Fatalf("an event after disconnect: %+v", e)
		}
	}
}

// Cancel ends a sign-in that waits in the browser; nothing is saved.
func TestCancelConnect(t *testing.T) {
	o := startOrg(t)
	b := &browser{hold: true, opened: make(chan string, 10)}
	svc, _, _ := newService(t, b)
	done := make(chan error, 1)
	go func() { _, err := svc.OrgConnect(o.url); done <- err }()
	select {
	case <-b.opened:
	case <-time.After(10 * time.Second):
		t.Fatal("the browser never opened")
	}
	if err := svc.OrgCancelConnect(); err != nil {
		t.Fatal(err)
	}
	err := <-done
	if !errors.Is(err, oauthflow.ErrCancelled) {
		t.Fatalf("want cancelled, got %v", err)
	}
	if st, _ := svc.OrgStatus(); st.State != org.StateLocal {
		t.Fatalf("after cancel: %+v", st)
	}
	if err := svc.OrgCancelConnect(); err == nil {
		t.Fatal("cancelling nothing succeeded")
	}
}

// A desktop that was connected follows the stream again when the app
// starts; when the server stops, the window hears "offline" with since when.
func TestStartListensAndReportsOffline(t *testing.T) {
	o := startOrg(t)
	d := testdb.New(t)
	v, _, err := vaulttest.Real(t).ForDatabase(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	cfg := org.Config{DB: d, Vault: v, Opener: &browser{user: "max", password: "max-pw", opened: make(chan string, 10)}, SignInTimeout: 20 * time.Second}
	first, _, _ := restart(t, cfg)
	if _, err := first.OrgConnect(o.url); err != nil {
		t.Fatal(err)
	}

	svc, w, _ := restart(t, cfg)
	orgdesk.Start(svc)
	w.await(t, orgdesk.StatusEvent, func(d any) bool { return d.(orgdesk.Status).State == org.StateConnected })
	o.publish(t, events.CatalogChanged, map[string]any{"n": 1})
	w.await(t, orgdesk.EventName, func(d any) bool { return d.(orgdesk.Event).Kind == string(events.CatalogChanged) })

	o.srv.Close() // its streams end within their lifetime; reconnecting fails
	st := w.await(t, orgdesk.StatusEvent, func(d any) bool { return d.(orgdesk.Status).State == org.StateOffline }).(orgdesk.Status)
	if st.OfflineSince == "" || st.Email != "max@example.org" {
		t.Fatalf("offline status: %+v", st)
	}
}

// The server refuses the desktop's sign-in (its refresh token was used by
// another holder, so the server ended the sign-in): the stream stops and
// the window hears "signed out".
func TestSignedOutReachesTheWindow(t *testing.T) {
	o := startOrg(t)
	d := testdb.New(t)
	v, _, err := vaulttest.Real(t).ForDatabase(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	svc, w, _ := restart(t, org.Config{DB: d, Vault: v, Opener: &browser{user: "max", password: "max-pw", opened: make(chan string, 10)}})
	if _, err := svc.OrgConnect(o.url); err != nil {
		t.Fatal(err)
	}
	raw, err := v.Get(context.Background(), org.SessionItem)
	if err != nil {
		t.Fatal(err)
	}
	var sess struct {
		RefreshToken string `json:"refresh_token"`
	}
	if err := json.Unmarshal([]byte(raw), &sess); err != nil || sess.RefreshToken == "" {
		t.Fatalf("keychain item: %v", err)
	}
	if code := o.refresh(t, sess.RefreshToken); code != http.StatusOK { // another holder rotates it…
		t.Fatalf("first refresh: %d", code)
	}
	if code := o.refresh(t, sess.RefreshToken); code != http.StatusBadRequest { // …and the replay ends the sign-in
		t.Fatalf("replay: %d", code)
	}
	o.clock.Advance(11 * time.Minute) // the desktop's access token is dead at the server
	st := w.await(t, orgdesk.StatusEvent, func(d any) bool { return d.(orgdesk.Status).State == org.StateSignedOut }).(orgdesk.Status)
	if st.Email != "max@example.org" {
		t.Fatalf("signed-out status: %+v", st)
	}
}

// The catalog syncs (to take in the organization's feed) after a sign-in
// and when the server says the feed changed.
func TestCatalogSyncsAfterSignInAndOnCatalogChanged(t *testing.T) {
	o := startOrg(t)
	b := &browser{user: "max", password: "max-pw", opened: make(chan string, 10)}
	svc, w, _ := newService(t, b)
	syncs := make(chan struct{}, 10)
	svc.CatalogChanged = func() { syncs <- struct{}{} }
	if _, err := svc.OrgConnect(o.url); err != nil {
		t.Fatal(err)
	}
	awaitSync := func(what string) {
		select {
		case <-syncs:
		case <-time.After(10 * time.Second):
			t.Fatalf("no catalog sync %s", what)
		}
	}
	awaitSync("after the sign-in")
	for range 2 { // OrgConnect's "connected", then the live stream's
		w.await(t, orgdesk.StatusEvent, func(d any) bool { return d.(orgdesk.Status).State == org.StateConnected })
	}
	o.publish(t, events.CatalogChanged, map[string]any{"revision": 2})
	awaitSync("on catalog.changed")
	if len(syncs) != 0 {
		t.Fatalf("%d syncs too many", len(syncs))
	}
}
