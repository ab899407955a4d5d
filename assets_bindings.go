//go:build bindings

package main

import "embed"

// `wails generate module` compiles with -tags bindings only to read the bound
// methods; it needs no frontend, and the frontend needs the bindings first.
var frontendDist embed.FS
