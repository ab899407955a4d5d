package orgdesk

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"marketdesk/app/cli"
	"marketdesk/app/org"
)

// listen starts the one event stream of this desktop, unless it runs.
func (s *Service) listen() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listening != nil {
		return
	}
	ctx, cancel := context.WithCancel(s.appCtx)
	s.listening = cancel
	go func() {
		err := s.org.Listen(ctx, org.Handlers{Event: s.onEvent, Reset: func() { s.emit(ResetEvent, nil) }, Live: s.onLive})
		s.mu.Lock()
		if ctx.Err() == nil { // ended by itself (signed out): OrgConnect may start another
			s.listening = nil
		}
		s.mu.Unlock()
		if err != nil && ctx.Err() == nil && !org.IsSignedOut(err) {
			fmt.Fprintf(os.Stderr, "marketdesk: the organization's event stream stopped: %s\n", cli.Printable(err.Error()))
		}
	}()
}

func (s *Service) stopListening() {
	s.mu.Lock()
	cancel := s.listening
	s.listening = nil
	s.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

// onLive tells the window when the connection's state changes: live,
// offline (with since when), signed out. Each retry while offline fails
// again: those say nothing new, and ask nothing of the server.
func (s *Service) onLive(live bool, err error) {
	s.mu.Lock()
	prev := s.lastState
	s.mu.Unlock()
	if !live && prev == org.StateOffline && !org.IsSignedOut(err) {
		return
	}
	st, err := s.OrgStatus() // asks the server: the truth, and it records "offline since"
	if err != nil {
		return
	}
	s.emit(StatusEvent, st)
}

func (s *Service) onEvent(e org.Event) {
	var data any
	if len(e.Data) > 0 {
		_ = json.Unmarshal(e.Data, &data)
	}
	s.emit(EventName, Event{ID: e.ID, Kind: e.Kind, Data: data})
	switch e.Kind {
	case "request.decided":
		s.notifyDecision(e.Data)
	case "catalog.changed":
		s.catalogChanged()
	}
}

// decision is what a request.decided event carries (server/policy.Request).
type decision struct {
	ListingID    string `json:"listing_id"`
	UserID       int64  `json:"user_id"`
	Status       string `json:"status"`
	DecisionNote string `json:"decision_note"`
}

// notifyDecision raises an OS notification when your own request was
// decided (the server sends it only to the requester; the check is cheap).
func (s *Service) notifyDecision(raw json.RawMessage) {
	var d decision
	if s.notifier == nil || json.Unmarshal(raw, &d) != nil {
		return
	}
	s.mu.Lock()
	me := s.me.User.ID
	s.mu.Unlock()
	if me != 0 && d.UserID != me {
		return
	}
	title, body := decisionText(d)
	if err := s.notifier.Notify(title, body); err != nil {
		fmt.Fprintf(os.Stderr, "marketdesk: no desktop notification: %s\n", cli.Printable(err.Error()))
	}
}

func decisionText(d decision) (title, body string) {
	verb := d.Status
	if verb == "denied" {
		verb = "declined"
	}
	title = fmt.Sprintf("Your request for %s was %s", d.ListingID, verb)
	body = d.DecisionNote
	if body == "" {
		body = "Open Marketdesk → My requests"
	}
	return title, body
}
