package policy

import (
	_ "embed"
	"net/http"
)

// OpenAPIPath is where the server serves its OpenAPI document.
const OpenAPIPath = "/api/v1/openapi.json"

//go:embed openapi.json
var openAPI []byte

// OpenAPI is the API's OpenAPI 3.1 document.
func OpenAPI() []byte { return openAPI }

func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(openAPI)
}
