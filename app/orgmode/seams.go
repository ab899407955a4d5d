package orgmode

import (
	"marketdesk/app/account"
	"marketdesk/app/approval"
	"marketdesk/app/audit"
	"marketdesk/app/install"
	"marketdesk/app/manage"
)

// The bound services hand their calls here in organization mode.
var (
	_ account.Org         = (*Service)(nil)
	_ approval.Org        = (*Service)(nil)
	_ audit.Org           = (*Service)(nil)
	_ install.Admission   = (*Service)(nil)
	_ manage.Organization = (*Service)(nil)
)
