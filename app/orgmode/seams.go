package orgmode

import (
	"marketdesk/app/account"
	"marketdesk/app/approval"
	"marketdesk/app/audit"
)

// The bound services hand their calls here in organization mode.
var (
	_ account.Org  = (*Service)(nil)
	_ approval.Org = (*Service)(nil)
	_ audit.Org    = (*Service)(nil)
)
