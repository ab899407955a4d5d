//go:build !bindings

package main

import "embed"

// frontendDist is the built frontend (make builds it before Go).
//
//go:embed all:frontend/dist
var frontendDist embed.FS
