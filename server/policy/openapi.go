package policy

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"

	"marketdesk/server/api"
)

// OpenAPIPath is where the server serves its OpenAPI document.
const OpenAPIPath = "/api/v1/openapi.json"

// The document is written by hand, like the API it describes, and checked
// against the route table by CheckOpenAPI, so neither can drift: a route
// added without its documentation fails the tests.
//
//go:embed openapi.json
var openAPI []byte

// OpenAPI is the API's OpenAPI 3.1 document.
func OpenAPI() []byte { return openAPI }

func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(openAPI)
}

// BuiltinRoutes are the routes server/api serves itself (health, version):
// they are in the document too, beside the slices' route tables.
func BuiltinRoutes() []api.Route {
	return []api.Route{
		{Method: "GET", Path: "/healthz", Access: api.Public},
		{Method: "GET", Path: "/readyz", Access: api.Public},
		{Method: "GET", Path: "/api/v1/version", Access: api.Public},
	}
}

// AccessNames are the values of the document's x-access, one per api.Access.
var AccessNames = map[api.Access]string{
	api.Public:      "public",
	api.SignedIn:    "signed_in",
	api.Administers: "administers",
	api.Manages:     "manages",
	api.OwnerOnly:   "owner_only",
}

var httpMethods = map[string]bool{"get": true, "put": true, "post": true, "delete": true, "patch": true, "head": true, "options": true, "trace": true}

// wildcard turns net/http's "{name...}" into OpenAPI's "{name}".
var wildcard = regexp.MustCompile(`\{([A-Za-z0-9_]+)\.\.\.\}`)

type parameter struct {
	Name string `json:"name"`
	In   string `json:"in"`
}

type operation struct {
	Parameters []parameter            `json:"parameters"`
	Summary    string                 `json:"summary"`
	Access     string                 `json:"x-access"`
	Security   *[]map[string][]string `json:"security"`
	Responses  map[string]any         `json:"responses"`
}

// CheckOpenAPI compares doc with routes (plus BuiltinRoutes) both ways: a
// route missing from the document, an operation the server does not serve,
// or an operation whose access (x-access, and security: [] exactly for
// public routes), summary, responses or path parameters are missing or
// wrong is an error naming it.
// The merged server's test runs it over every slice's routes.
func CheckOpenAPI(doc []byte, routes []api.Route) error {
	var d struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		return fmt.Errorf("the OpenAPI document is not JSON: %w", err)
	}
	var problems []string
	if !strings.HasPrefix(d.OpenAPI, "3.1.") {
		problems = append(problems, fmt.Sprintf("openapi is %q, want 3.1.x", d.OpenAPI))
	}
	documented := map[string]operation{}
	for path, item := range d.Paths {
		var shared []parameter // the path item's, for all its operations
		if raw, ok := item["parameters"]; ok {
			_ = json.Unmarshal(raw, &shared) // malformed: its path parameters are reported missing below
		}
		for method, raw := range item {
			if !httpMethods[method] {
				continue
			}
			var op operation
			if err := json.Unmarshal(raw, &op); err != nil {
				problems = append(problems, fmt.Sprintf("%s %s: %v", strings.ToUpper(method), path, err))
				continue
			}
			op.Parameters = append(op.Parameters, shared...)
			documented[strings.ToUpper(method)+" "+path] = op
			problems = append(problems, checkPathParameters(strings.ToUpper(method)+" "+path, path, op)...)
		}
	}
	served := map[string]bool{}
	for _, rt := range append(BuiltinRoutes(), routes...) {
		key := rt.Method + " " + wildcard.ReplaceAllString(rt.Path, "{$1}")
		served[key] = true
		op, ok := documented[key]
		if !ok {
			problems = append(problems, key+" is served but missing from the OpenAPI document")
			continue
		}
		problems = append(problems, checkOperation(key, rt.Access, op)...)
	}
	for key := range documented {
		if !served[key] {
			problems = append(problems, key+" is in the OpenAPI document but no route serves it")
		}
	}
	if len(problems) == 0 {
		return nil
	}
	sort.Strings(problems)
	return errors.New(strings.Join(problems, "\n"))
}

func checkOperation(key string, a api.Access, op operation) []string {
	var problems []string
	if op.Summary == "" {
		problems = append(problems, key+": no summary")
	}
	if len(op.Responses) == 0 {
		problems = append(problems, key+": no responses")
	}
	if op.Access != AccessNames[a] {
		problems = append(problems, fmt.Sprintf("%s: x-access is %q, the route's access is %q", key, op.Access, AccessNames[a]))
	}
	public := op.Security != nil && len(*op.Security) == 0
	if public != (a == api.Public) {
		problems = append(problems, fmt.Sprintf("%s: security must be [] exactly when the route is public (public: %v)", key, a == api.Public))
	}
	return problems
}

var pathParameter = regexp.MustCompile(`\{([A-Za-z0-9_]+)\}`)

// checkPathParameters wants every {name} of the path declared "in": "path".
func checkPathParameters(key, path string, op operation) []string {
	var problems []string
	for _, m := range pathParameter.FindAllStringSubmatch(path, -1) {
		declared := false
		for _, p := range op.Parameters {
			declared = declared || (p.In == "path" && p.Name == m[1])
		}
		if !declared {
			problems = append(problems, fmt.Sprintf("%s: path parameter {%s} is not declared", key, m[1]))
		}
	}
	return problems
}
