package manage

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"marketdesk/app/account"
	"marketdesk/app/apperr"
	"marketdesk/app/audit"
	"marketdesk/app/catalog"
	"marketdesk/app/install"
	"marketdesk/app/netguard"
	"marketdesk/app/vault"
	"marketdesk/db/store"
)

// Removal steps, stored on the installation so a crash resumes where it was.
const (
	stepRevoke  = "revoke"  // revoke the tokens at the server (RFC 7009)
	stepSecrets = "secrets" // delete the keychain items
	stepFinish  = "finish"  // delete settings, enqueue the notice, mark removed
)

// Notice is the body of a deauthorization notice.
type Notice struct {
	Event             string `json:"event"` // "app.deauthorized"
	AppID             string `json:"app_id"`
	AccountID         string `json:"account_id"`
	UserID            *int64 `json:"user_id"` // null for account-level apps
	InstallationID    int64  `json:"installation_id"`
	RemovedAt         string `json:"removed_at"`
	UserDataRetention bool   `json:"user_data_retention"`
}

// Remove deauthorizes an installation: confirm happened in the UI; here the
// durable sequence runs. retainData is the person's choice to let the
// developer keep their data, carried by the notice.
func (m *Manager) Remove(ctx context.Context, actor account.User, id int64, retainData bool) error {
	inst, err := m.installer.Get(ctx, id)
	if err != nil {
		return err
	}
	if inst.Status == "removed" {
		return apperr.New(apperr.NotFound, "%s is not installed", inst.ListingID)
	}
	if err := mayChange(actor, inst, "remove"); err != nil {
		return err
	}
	if inst.Status != "removing" {
		if err := m.reportRemoval(ctx, inst, retainData); err != nil {
			return err // offline: nothing changed here or there
		}
		if err := m.begin(ctx, actor, inst, retainData); err != nil {
			return err
		}
	}
	return m.Resume(ctx, id)
}

func (m *Manager) begin(ctx context.Context, actor account.User, inst install.Installation, retain bool) error {
	return m.db.Write(ctx, func(q *store.Queries) error {
		if err := q.BeginRemoval(ctx, store.BeginRemovalParams{RetainData: boolInt(retain), RemovedByName: actor.Name, UpdatedAt: m.stamp(), ID: inst.ID}); err != nil {
			return err
		}
		return audit.Record(ctx, q, m.now(), actor.Actor(), "installation.removal_started", inst.ListingID,
			map[string]any{"installation": inst.ID, "retainData": retain})
	})
}

// Resume runs the remaining steps of a removal; each step may run twice.
func (m *Manager) Resume(ctx context.Context, id int64) error {
	for {
		row, err := store.New(m.db.Reader).GetInstallation(ctx, id)
		if err != nil {
			return err
		}
		if row.Status == "removed" {
			return nil
		}
		var next string
		switch row.RemovalStep {
		case stepRevoke:
			err, next = m.revoke(ctx, row), stepSecrets
		case stepSecrets:
			err, next = m.deleteSecrets(ctx, row), stepFinish
		case stepFinish:
			return m.finish(ctx, row)
		default:
			return fmt.Errorf("installation %d is in an unknown removal step %q", id, row.RemovalStep)
		}
		if err != nil {
			return err
		}
		if err := store.New(m.db.Writer).SetRemovalStep(ctx, store.SetRemovalStepParams{RemovalStep: next, UpdatedAt: m.stamp(), ID: id}); err != nil {
			return err
		}
	}
}

// RecoverRemovals finishes removals a crash interrupted (at start).
func (m *Manager) RecoverRemovals(ctx context.Context) (int, error) {
	ids, err := store.New(m.db.Reader).InterruptedRemovals(ctx)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if err := m.Resume(ctx, id); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// revoke asks the server to revoke the tokens. If the network is down, the
// token moves to a pending-revocation keychain item and the outbox retries;
// the local removal goes on either way. The server is the one the
// installation was made with (stored at install), whatever the feed says now.
func (m *Manager) revoke(ctx context.Context, row store.Installation) error {
	tok, err := m.installer.TokenOf(ctx, row.ID)
	if errors.Is(err, vault.ErrNotFound) {
		return nil // already gone (a second run of this step)
	}
	if err != nil {
		return err
	}
	token := tok.RefreshToken
	if token == "" {
		token = tok.AccessToken
	}
	endpoint := m.revocationTarget(ctx, row)
	if endpoint == "" {
		return nil // the server offers no revocation
	}
	err = m.postRevocation(ctx, row, endpoint, token)
	if err == nil {
		return nil
	}
	// Offline or refused for now: keep the token for a later retry, outside
	// the installation's items, and let the outbox deliver the revocation.
	msgID := newID("rev_")
	if err := m.vault.Set(ctx, vault.RevocationItem(msgID), token); err != nil {
		return err
	}
	body, _ := json.Marshal(map[string]string{"client_id": row.ClientID, "token_item": vault.RevocationItem(msgID)})
	return store.New(m.db.Writer).EnqueueOutbox(ctx, store.EnqueueOutboxParams{ID: msgID, Kind: "revocation",
		InstallationID: row.ID, ListingID: row.ListingID, Url: endpoint, Body: string(body),
		NextAttemptAt: m.stamp(), CreatedAt: m.stamp()})
}

// revocationTarget is where the installation's tokens are revoked: the https
// URL stored at install time, so that a retry in the outbox goes to a
// concrete address for every kind of listing; "sandbox:/revoke" for the
// sandbox (its port changes from run to run). An installation made before
// 0009 with an issuer discovers its endpoint now, or "issuer:ISSUER" lets
// the outbox discover it when the server is back.
func (m *Manager) revocationTarget(ctx context.Context, row store.Installation) string {
	switch {
	case row.Sandbox != 0:
		return "sandbox:/revoke"
	case row.RevocationEndpoint != "" || row.TokenEndpoint != "":
		return row.RevocationEndpoint
	case row.Issuer != "":
		if srv, err := m.installer.InstalledServer(ctx, row.ID); err == nil {
			return srv.Endpoints.Revocation
		}
		return "issuer:" + row.Issuer
	}
	return ""
}

func (m *Manager) postRevocation(ctx context.Context, row store.Installation, target, token string) error {
	endpoint, err := m.resolve(ctx, row, target)
	if err != nil || endpoint == "" {
		return err
	}
	form := url.Values{"token": {token}, "client_id": {row.ClientID}}
	// Sent for the source the app was installed from: an intranet feed's
	// server is reachable, a public feed's cannot point at the intranet.
	ctx = catalog.WithSourceOrigin(ctx, m.client, row.Source)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := noRedirects(m.client).Do(req) // the token goes to this endpoint or nowhere
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK { // RFC 7009 §2.2: 200 even for unknown tokens
		return fmt.Errorf("the revocation endpoint answered %s", resp.Status)
	}
	return nil
}

// resolve turns a "sandbox:" or "issuer:" target into a URL, through the
// server the installation was made with.
func (m *Manager) resolve(ctx context.Context, row store.Installation, target string) (string, error) {
	if !strings.HasPrefix(target, "sandbox:") && !strings.HasPrefix(target, "issuer:") {
		return target, nil
	}
	srv, err := m.installer.InstalledServer(ctx, row.ID)
	if err != nil {
		return "", err
	}
	return srv.Endpoints.Revocation, nil
}

func (m *Manager) deleteSecrets(ctx context.Context, row store.Installation) error {
	if err := m.installer.ForgetToken(ctx, row.ID); err != nil {
		return err
	}
	settings, err := store.New(m.db.Reader).ListInstallationSettings(ctx, row.ID)
	if err != nil {
		return err
	}
	for _, s := range settings {
		if strings.Contains(s.Value, `"secret":true`) {
			if err := m.vault.Delete(ctx, secretKey(row.ID, s.Key)); err != nil {
				return err
			}
		}
	}
	return nil
}

// finish deletes local settings, writes the deauthorization notice to the
// outbox and marks the installation removed, in one transaction.
func (m *Manager) finish(ctx context.Context, row store.Installation) error {
	return m.db.Write(ctx, func(q *store.Queries) error {
		if err := q.DeleteInstallationSettings(ctx, row.ID); err != nil {
			return err
		}
		if err := m.enqueueNotice(ctx, q, row); err != nil {
			return err
		}
		if err := q.FinishRemoval(ctx, store.FinishRemovalParams{RemovedAt: m.stamp(), UpdatedAt: m.stamp(), ID: row.ID}); err != nil {
			return err
		}
		actor := audit.Actor{Name: row.RemovedByName}
		return audit.Record(ctx, q, m.now(), actor, "installation.removed", row.ListingID,
			map[string]any{"installation": row.ID, "retainData": row.RetainData != 0})
	})
}

func (m *Manager) enqueueNotice(ctx context.Context, q *store.Queries, row store.Installation) error {
	if m.inOrganization(ctx) {
		return nil // the organization server signs and sends it (reportRemoval)
	}
	l, err := m.listings.App(ctx, row.ListingID)
	if err != nil {
		return nil // no listing, no developer address: nothing to notify
	}
	target := l.DeauthorizationURL
	if l.OAuth.Sandbox {
		target = "sandbox:/sandbox/notices" // the sandbox plays the developer of the embedded apps
	}
	if target == "" {
		return nil
	}
	acct, err := q.GetAccount(ctx)
	if err != nil {
		return err
	}
	n := Notice{Event: "app.deauthorized", AppID: row.ListingID, AccountID: accountID(acct.Name, acct.CreatedAt),
		InstallationID: row.ID, RemovedAt: m.stamp(), UserDataRetention: row.RetainData != 0}
	if row.Level == catalog.TypeUser && row.UserID.Valid {
		n.UserID = &row.UserID.Int64
	}
	body, _ := json.Marshal(n)
	// No secret in the row: the outbox reads it from the keychain when it
	// delivers, so a copy of the database cannot sign a notice.
	return q.EnqueueOutbox(ctx, store.EnqueueOutboxParams{ID: newID("msg_"), Kind: "deauthorization",
		InstallationID: row.ID, ListingID: row.ListingID, Url: target, Body: string(body),
		NextAttemptAt: m.stamp(), CreatedAt: m.stamp()})
}

// accountID is a stable id of the local account for developers' records.
func accountID(name, createdAt string) string {
	sum := sha256.Sum256([]byte(name + "\x00" + createdAt))
	return "acct_" + hex.EncodeToString(sum[:8])
}

func newID(prefix string) string {
	b := make([]byte, 16)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// SetClient sets the client revocations are posted with (main passes the
// netguard client).
func (m *Manager) SetClient(c *http.Client) {
	if c != nil {
		m.client = c
	}
}

// noRedirects is c, answering every redirect with the 3xx itself.
func noRedirects(c *http.Client) *http.Client {
	copied := *c
	copied.CheckRedirect = netguard.NoRedirects
	return &copied
}
