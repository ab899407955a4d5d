package org

import (
	"context"
	"fmt"
)

// States of the connection.
const (
	StateLocal     = "local"      // not connected, no policy
	StateManaged   = "managed"    // not connected; the policy names the server to connect to
	StateConnected = "connected"  // the server answered just now
	StateOffline   = "offline"    // connected, the server does not answer: the last known identity is shown
	StateSignedOut = "signed_out" // the server refused the sign-in: sign in again
)

// Status is the connection as `org status` and Settings show it.
type Status struct {
	State        string  `json:"state"`
	Server       string  `json:"server,omitempty"`
	Me           *Me     `json:"me,omitempty"`
	ConnectedAt  string  `json:"connected_at,omitempty"`
	OfflineSince string  `json:"offline_since,omitempty"`
	Message      string  `json:"message"`
	Policy       *Policy `json:"policy,omitempty"`
	PolicyFile   string  `json:"policy_file,omitempty"`
}

// Status asks the server who you are (renewing the token if needed) and
// says how the connection stands. Offline is a state, not an error.
func (s *Service) Status(ctx context.Context) (Status, error) {
	st := Status{Server: s.Server(ctx)}
	if p := s.cfg.Policy; p.Managed() {
		st.Policy, st.PolicyFile = &p, p.Path
	}
	if st.Server == "" {
		return s.notConnected(st), nil
	}
	st.ConnectedAt, _ = s.settings.Get(ctx, KeyConnectedAt)
	if _, err := s.settings.Get(ctx, KeySignedOutAt); err == nil {
		return s.signedOut(ctx, st), nil
	}
	me, err := s.refreshMe(ctx)
	switch {
	case err == nil:
		st.State, st.Me = StateConnected, &me
		st.Message = fmt.Sprintf("connected to %s as %s (%s)", st.Server, me.User.Email, role(me))
	case IsSignedOut(err):
		return s.signedOut(ctx, st), nil
	case IsOffline(err):
		_ = s.settings.PutIfAbsent(ctx, KeyOfflineSince, s.stamp())
		st.State, st.OfflineSince = StateOffline, s.offlineSince(ctx)
		if last, ok := s.lastMe(ctx); ok {
			st.Me = &last
		}
		st.Message = fmt.Sprintf("offline since %s: %v", st.OfflineSince, err)
	default:
		return st, err
	}
	return st, nil
}

func (s *Service) notConnected(st Status) Status {
	if p := s.cfg.Policy; p.Server != "" {
		st.State, st.Server = StateManaged, p.Server
		st.Message = fmt.Sprintf("managed: connect with `marketdesk org connect %s` (policy %s)", p.Server, p.Path)
		return st
	}
	st.State, st.Message = StateLocal, "local mode: not connected to an organization"
	return st
}

func (s *Service) signedOut(ctx context.Context, st Status) Status {
	st.State = StateSignedOut
	if last, ok := s.lastMe(ctx); ok {
		st.Me = &last
	}
	st.Message = (&SignedOutError{Org: s.orgName(ctx)}).Error()
	return st
}

func (s *Service) offlineSince(ctx context.Context) string {
	v, _ := s.settings.Get(ctx, KeyOfflineSince)
	return v
}

// role is the role as people say it.
func role(me Me) string {
	if me.User.Role == "admin" && me.Manager {
		return "admin, marketplace manager"
	}
	return me.User.Role
}
