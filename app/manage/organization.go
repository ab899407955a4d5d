package manage

import (
	"context"

	"marketdesk/app/apperr"
	"marketdesk/app/install"
)

// Organization is the organization's inventory (organization mode,
// app/orgmode). A removal is reported there first: the server records it
// and signs and sends the developer's deauthorization notice with the
// person's retention choice, so this desktop sends no notice of its own.
// Nil or not Active: local mode.
type Organization interface {
	Active(ctx context.Context) bool
	Removed(ctx context.Context, listingID string, retainData bool, installationID int64) error
}

// SetOrganization makes removals go to o while the data directory is
// connected (main.go sets it in every mode).
func (m *Manager) SetOrganization(o Organization) { m.org = o }

func (m *Manager) inOrganization(ctx context.Context) bool {
	return m.org != nil && m.org.Active(ctx)
}

// reportRemoval tells the organization before anything local changes: a
// server that does not answer leaves the installation as it was (the
// person tries again later). One the inventory no longer lists (reported
// before a crash, or never registered) has nothing more to hear.
func (m *Manager) reportRemoval(ctx context.Context, inst install.Installation, retainData bool) error {
	if !m.inOrganization(ctx) {
		return nil
	}
	err := m.org.Removed(ctx, inst.ListingID, retainData, inst.ID)
	if apperr.CodeOf(err) == apperr.NotFound {
		return nil
	}
	return err
}
