package install

import (
	"context"
	"time"

	"marketdesk/app/account"
	"marketdesk/app/catalog"
)

// Admission is the organization's word on an install (organization mode,
// app/orgmode): Admit registers the install with the organization server
// after the local checks and before the browser opens, so the server's
// policy, not this desktop's database, decides; created says the
// registration is new (and so is this install's to withdraw). Withdraw
// takes a new registration back when the install then fails. Nil or not
// Active: local mode, nothing is asked.
type Admission interface {
	Active(ctx context.Context) bool
	Admit(ctx context.Context, listingID, level string) (created bool, err error)
	Withdraw(ctx context.Context, listingID string) error
	// AccountApps are the account-level apps installed at the
	// organization, by whichever manager on whichever desktop.
	AccountApps(ctx context.Context) ([]AccountApp, error)
}

// AccountApp is an account-level app on the organization's inventory.
type AccountApp struct {
	ListingID       string
	InstalledByName string
	InstalledAt     string
}

// withAccountApps adds to a person's installations the account-level apps
// installed at the organization from another desktop (rule 3: everyone
// sees them installed by the account). They have no local id: their
// tokens are on the installing desktop.
func (in *Installer) withAccountApps(ctx context.Context, local []Installation, only string) ([]Installation, error) {
	if in.admission == nil || !in.admission.Active(ctx) {
		return local, nil
	}
	apps, err := in.admission.AccountApps(ctx)
	if err != nil {
		// Never asked while online (the last answer is kept for offline):
		// this desktop's own installations still show.
		return local, nil
	}
	have := map[string]bool{}
	for _, i := range local {
		have[i.ListingID] = true
	}
	for _, a := range apps {
		if have[a.ListingID] || (only != "" && a.ListingID != only) {
			continue
		}
		inst := Installation{ListingID: a.ListingID, ListingName: a.ListingID, Level: catalog.TypeAccount,
			InstalledByName: a.InstalledByName, Status: StatusActive, CreatedAt: a.InstalledAt,
			RequestedScopes: []string{}, GrantedScopes: []string{}, GrantedScopeWords: []catalog.Scope{}, NewScopeWords: []catalog.Scope{}}
		if l, err := in.listings.App(ctx, a.ListingID); err == nil {
			inst.ListingName = l.Name
		}
		local = append(local, inst)
		have[a.ListingID] = true
	}
	return local, nil
}

// SetAdmission makes every install ask a (main.go sets it in every mode;
// it acts only while the data directory is connected).
func (in *Installer) SetAdmission(a Admission) { in.admission = a }

// admit registers l's install with the organization when there is one.
func (in *Installer) admit(ctx context.Context, l catalog.Listing) (created bool, err error) {
	if in.admission == nil || !in.admission.Active(ctx) {
		return false, nil
	}
	return in.admission.Admit(ctx, l.ID, l.Type)
}

// withdraw takes back the registration of a failed install. A failure to
// reach the server only leaves a registration without tokens behind, which
// the next install of the app re-reports; the install's own error is the
// one the person needs to read.
func (in *Installer) withdraw(p Prepared) {
	if !p.registered {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = in.admission.Withdraw(ctx, p.Listing.ID)
}

// allowed is the local policy check of an install, in local mode. In
// organization mode the local database holds no policy: admit asks the
// server, which alone decides.
// selfApproved says a manager installs without a pre-approval (their
// install is their approval, audited at activation).
func (in *Installer) allowed(ctx context.Context, actor account.User, listingID string) (selfApproved bool, err error) {
	if in.admission != nil && in.admission.Active(ctx) {
		return false, nil
	}
	d, err := in.approvals.Check(ctx, actor, listingID)
	if err != nil {
		return false, err
	}
	if !d.Allowed {
		return false, refusal(d.Reason)
	}
	return d.SelfApproved, nil
}
