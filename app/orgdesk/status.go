package orgdesk

import "marketdesk/app/org"

// Status is the connection as the window shows it: flat, so the generated
// TypeScript stays simple.
type Status struct {
	State        string `json:"state"` // org.StateLocal, StateManaged, StateConnected, StateOffline, StateSignedOut
	Server       string `json:"server"`
	Email        string `json:"email"`
	Name         string `json:"name"`
	Role         string `json:"role"`
	Manager      bool   `json:"manager"`
	UserID       int64  `json:"userId"`
	Account      string `json:"account"`
	OfflineSince string `json:"offlineSince"` // RFC 3339, when the server last failed to answer
	Message      string `json:"message"`
	// Managed: a policy file exists; LocalMode false then hides the local
	// account setup on the first-run screen.
	Managed    bool   `json:"managed"`
	LocalMode  bool   `json:"localMode"`
	PolicyFile string `json:"policyFile"`
}

func statusOf(st org.Status) Status {
	out := Status{State: st.State, Server: st.Server, OfflineSince: st.OfflineSince, Message: st.Message, LocalMode: true}
	if st.Me != nil {
		out.Email, out.Name, out.Role, out.UserID = st.Me.User.Email, st.Me.User.Name, st.Me.User.Role, st.Me.User.ID
		out.Manager, out.Account = st.Me.Manager, st.Me.Account.Name
	}
	if st.Policy != nil {
		out.Managed, out.LocalMode, out.PolicyFile = true, st.Policy.AllowsLocalMode(), st.PolicyFile
	}
	return out
}
