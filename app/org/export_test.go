package org

import "time"

// SetIdleTimeout shortens the event stream's dead-connection detection for
// a test and returns the function that restores it.
func SetIdleTimeout(d time.Duration) (restore func()) {
	old := idleTimeout
	idleTimeout = d
	return func() { idleTimeout = old }
}
