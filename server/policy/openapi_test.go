package policy_test

import (
	"encoding/json"
	"strings"
	"testing"

	"marketdesk/server/api"
	"marketdesk/server/policy"
)

// The document served is the embedded one, without a token.
func TestOpenAPIIsServedPublicly(t *testing.T) {
	f := setup(t, policy.Options{})
	r := f.must(200, "", "GET", policy.OpenAPIPath, nil)
	if r.body["openapi"] != "3.1.0" || r.header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET %s = %s %.80s", policy.OpenAPIPath, r.header.Get("Content-Type"), r.raw)
	}
	if err := policy.CheckOpenAPI(policyDocument(t, r.raw), f.routes); err != nil {
		t.Fatalf("the served document does not match the routes:\n%v", err)
	}
}

// A route missing from the document fails the check, and so does an
// operation no route serves and an operation whose access is wrong.
func TestCheckOpenAPIFindsDrift(t *testing.T) {
	routes := policy.Routes(nil, nil, policy.Options{})
	doc := policyDocument(t, policy.OpenAPI())
	if err := policy.CheckOpenAPI(doc, routes); err != nil {
		t.Fatalf("the document does not match the routes:\n%v", err)
	}

	extra := append(routes[:len(routes):len(routes)], api.Route{Method: "PATCH", Path: "/api/v1/requests/{id}", Access: api.SignedIn})
	err := policy.CheckOpenAPI(doc, extra)
	if err == nil || !strings.Contains(err.Error(), "PATCH /api/v1/requests/{id} is served but missing from the OpenAPI document") {
		t.Fatalf("a route missing from the document: %v", err)
	}

	err = policy.CheckOpenAPI(doc, routes[1:])
	if err == nil || !strings.Contains(err.Error(), "GET "+policy.OpenAPIPath+" is in the OpenAPI document but no route serves it") {
		t.Fatalf("an operation no route serves: %v", err)
	}

	wrong := append([]api.Route(nil), routes...)
	for i := range wrong {
		if wrong[i].Method == "POST" && wrong[i].Path == "/api/v1/approvals" {
			wrong[i].Access = api.SignedIn
		}
	}
	err = policy.CheckOpenAPI(doc, wrong)
	if err == nil || !strings.Contains(err.Error(), `POST /api/v1/approvals: x-access is "manages", the route's access is "signed_in"`) {
		t.Fatalf("an operation whose access is wrong: %v", err)
	}

	var d map[string]any
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	d["paths"].(map[string]any)["/api/v1/me"].(map[string]any)["get"].(map[string]any)["security"] = []any{}
	delete(d["paths"].(map[string]any)["/api/v1/users/{id}"].(map[string]any)["delete"].(map[string]any), "parameters")
	edited, _ := json.Marshal(d)
	err = policy.CheckOpenAPI(edited, routes)
	if err == nil || !strings.Contains(err.Error(), "GET /api/v1/me: security must be [] exactly when the route is public") {
		t.Fatalf("a signed-in route documented as public: %v", err)
	}
	if !strings.Contains(err.Error(), "DELETE /api/v1/users/{id}: path parameter {id} is not declared") {
		t.Fatalf("an undeclared path parameter: %v", err)
	}
}

// policyDocument is doc cut down to this slice's paths and the built-in
// ones. The document describes the whole server; the other slices'
// operations are checked against the server's whole route table by
// cmd/marketdesk-server's TestOpenAPIDocumentsEveryRoute.
func policyDocument(t *testing.T, doc []byte) []byte {
	t.Helper()
	var d map[string]any
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	ours := map[string]bool{}
	for _, rt := range append(policy.BuiltinRoutes(), policy.Routes(nil, nil, policy.Options{})...) {
		ours[rt.Path] = true
	}
	paths := d["paths"].(map[string]any)
	for path := range paths {
		if !ours[path] {
			delete(paths, path)
		}
	}
	out, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
