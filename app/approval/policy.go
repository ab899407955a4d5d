// Package approval decides who may install what: managers pre-approve apps
// for the whole account or for named users, users ask for what they need,
// and one policy function answers "may this user install this app?".
package approval

import "marketdesk/app/account"

// Reasons a policy decision gives.
const (
	Allowed          = "allowed"
	AdminsOnly       = "admins_only"       // an account-level app seen by someone who is not a manager
	NeedsPreapproval = "needs_preapproval" // the account requires pre-approval and this user has none
	NeedsReview      = "needs_review"      // the user's pre-approval was given to the app before it changed (source, server, scopes)
	Blocked          = "blocked"           // a manager blocked the app
	NotListed        = "not_listed"        // the app left the catalog
)

// Decision is the policy's answer.
type Decision struct {
	Allowed bool   `json:"allowed"`
	Reason  string `json:"reason"`
	// SelfApproved: a manager installs a user-level app nobody pre-approved
	// for them; their install is their approval (audited as such).
	SelfApproved bool `json:"selfApproved"`
}

// Facts are what the policy needs to know about one user and one app.
type Facts struct {
	User               account.User
	RequirePreapproval bool
	AppType            string // "user" or "account"
	Listed             bool
	Blocked            bool
	ApprovedForUser    bool // pre-approved for the whole account or for this user, and still in force
	// ApprovalChanged: a pre-approval covers this user, but the app changed
	// since (its source or authorization configuration): it no longer counts.
	ApprovalChanged bool
}

// Decide is the install policy (rules 1-3 of DESIGN.md):
//   - a blocked or delisted app cannot be installed by anyone;
//   - account-level apps are installed only by marketplace managers, once for everyone;
//   - while the account requires pre-approval, a user-level app needs a pre-approval
//     for the account or for the user; a manager needs none (as in the peers'
//     marketplaces): their install counts as their approval and the install
//     records it; without the requirement any user may install it;
//   - a pre-approval counts only for the app as it was approved: when its
//     source, authorization server or scopes changed, it needs a review,
//     by a manager's explicit approval (a manager's install does not pass
//     over it: the feed, not the manager, changed the app).
func Decide(f Facts) Decision {
	switch {
	case !f.Listed:
		return Decision{Reason: NotListed}
	case f.Blocked:
		return Decision{Reason: Blocked}
	case f.AppType == "account" && !f.User.Manager:
		return Decision{Reason: AdminsOnly}
	case f.AppType == "account":
		return Decision{Allowed: true, Reason: Allowed}
	case f.RequirePreapproval && !f.ApprovedForUser && f.ApprovalChanged:
		return Decision{Reason: NeedsReview}
	case f.RequirePreapproval && !f.ApprovedForUser && f.User.Manager:
		return Decision{Allowed: true, Reason: Allowed, SelfApproved: true}
	case f.RequirePreapproval && !f.ApprovedForUser:
		return Decision{Reason: NeedsPreapproval}
	}
	return Decision{Allowed: true, Reason: Allowed}
}
