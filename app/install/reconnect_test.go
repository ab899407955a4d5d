package install

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"marketdesk/app/sandbox/sandboxtest"
	"marketdesk/app/vault/vaulttest"
)

func TestReconnectAfterARefusedRefresh(t *testing.T) {
	f := setup(t, vaulttest.Real(t))
	inst, err := f.install(t, "member", "notes", &sandboxtest.Browser{Decision: "allow"})
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := f.installer.tokens.Load(f.ctx, inst.ID)
	resp, _ := http.PostForm(f.sandbox.Issuer()+"/revoke", url.Values{"token": {tok.RefreshToken}, "client_id": {"notes"}})
	resp.Body.Close()
	tok.Expiry = time.Now().Add(-time.Minute)
	f.installer.tokens.Save(f.ctx, inst.ID, tok)
	f.installer.Token(f.ctx, f.m, "notes") // refused: reconnect needed

	// A declined reconnect leaves the installation as it was.
	p, err := f.installer.PrepareReconnect(f.ctx, f.m, inst.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.installer.Authorize(f.ctx, p, &sandboxtest.Browser{Decision: "deny"}, nil); err == nil {
		t.Fatal("a declined reconnect should fail")
	}
	if got := f.statuses(t); got != "notes:reconnect_needed" {
		t.Fatalf("after a declined reconnect: %s", got)
	}
	// An allowed one makes it active again, with a working token.
	p, _ = f.installer.PrepareReconnect(f.ctx, f.m, inst.ID)
	if _, err := f.installer.Authorize(f.ctx, p, &sandboxtest.Browser{Decision: "allow"}, nil); err != nil {
		t.Fatal(err)
	}
	if got := f.statuses(t); got != "notes:active" {
		t.Fatalf("after reconnect: %s", got)
	}
	if _, err := f.installer.Token(f.ctx, f.m, "notes"); err != nil {
		t.Fatalf("token after reconnect: %v", err)
	}
	if _, err := f.installer.PrepareReconnect(f.ctx, f.owner, inst.ID); err == nil || !strings.Contains(err.Error(), "someone else") {
		t.Fatalf("reconnecting another user's installation: %v", err)
	}
}

func TestNewScopesAreShownAndGrantedByReconnect(t *testing.T) {
	f := setup(t, vaulttest.Real(t))
	inst, err := f.install(t, "member", "notes", &sandboxtest.Browser{Decision: "allow"})
	if err != nil {
		t.Fatal(err)
	}
	// A newer catalog asks for one more scope.
	f.db.Writer.Exec(`UPDATE listings SET details = json_set(details, '$.scopes[#]', json('{"name":"chat_message:write","description":"Post chat messages","sensitive":false}')) WHERE id = 'notes'`)
	got, err := f.installer.For(f.ctx, f.m, "notes")
	if err != nil || len(got.NewScopes) != 1 || got.NewScopes[0] != "chat_message:write" {
		t.Fatalf("new scopes = %+v, %v", got, err)
	}
	p, err := f.installer.PrepareReconnect(f.ctx, f.m, inst.ID)
	if err != nil {
		t.Fatal(err)
	}
	after, err := f.installer.Authorize(f.ctx, p, &sandboxtest.Browser{Decision: "allow"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(after.GrantedScopes, " "), "chat_message:write") {
		t.Fatalf("granted after reconnect: %v", after.GrantedScopes)
	}
	if again, _ := f.installer.For(f.ctx, f.m, "notes"); len(again.NewScopes) != 0 {
		t.Fatalf("nothing should be new after the reconnect: %v", again.NewScopes)
	}
}
