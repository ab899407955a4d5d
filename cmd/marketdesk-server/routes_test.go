package main

import (
	"io"
	"log/slog"
	"testing"

	"marketdesk/server/auth"
	"marketdesk/server/events"
	"marketdesk/server/notices"
	"marketdesk/server/policy"
)

// Every route the server serves is in its OpenAPI document, and the
// document has no operation the server does not serve (issue 11: a test
// fails when a route is missing from it).
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	routes := apiRoutes(nil, log, events.Store{}, auth.New(auth.Options{Logger: log}), &notices.Service{}, nil)
	if err := policy.CheckOpenAPI(policy.OpenAPI(), routes); err != nil {
		t.Fatalf("the OpenAPI document and the route table differ:\n%v", err)
	}
}
