// Package defaultcatalog is the catalog built into Marketdesk: what a fresh
// install shows, with no network. Its apps authorize against the built-in
// sandbox server. Regenerate with `go run app/catalog/defaultcatalog/gen/main.go`.
package defaultcatalog

import "embed"

// FS holds catalog.json and the icons and screenshots it refers to.
//
//go:embed catalog.json icons screenshots
var FS embed.FS
