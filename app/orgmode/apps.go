package orgmode

import (
	"context"
	"net/url"

	"marketdesk/app/account"
	"marketdesk/app/approval"
)

// Apps is the Admin → Apps list in organization mode: the apps of the
// local catalog (listed gives them, with no local approvals) with the
// organization's approvals and pending requests laid over them, then
// filtered and paged as locally. Managers only: the server's word on the
// signed-in person decides.
func (s *Service) Apps(ctx context.Context, f approval.AppFilter, listed func(context.Context, approval.AppFilter) ([]approval.AppState, error)) ([]approval.AppState, error) {
	m, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	if err := account.RequireManager(m, "see the approval list"); err != nil {
		return nil, err
	}
	var apps []approval.AppState
	for off := 0; ; off += listPage {
		some, err := listed(ctx, approval.AppFilter{Text: f.Text, Offset: off, Limit: listPage})
		if err != nil {
			return nil, err
		}
		apps = append(apps, some...)
		if len(some) < listPage {
			break
		}
	}
	var body struct {
		Approvals []serverApproval `json:"approvals"`
	}
	if err := s.read(ctx, "approvals", "/api/v1/approvals?"+url.Values{}.Encode(), &body); err != nil {
		return nil, err
	}
	byApp := map[string][]serverApproval{}
	for _, a := range body.Approvals {
		if !a.Lapsed {
			byApp[a.ListingID] = append(byApp[a.ListingID], a)
		}
	}
	pending, err := s.Requests(ctx, approval.StatusPending)
	if err != nil {
		return nil, err
	}
	waiting := map[string]int64{}
	for _, r := range pending {
		waiting[r.ListingID]++
	}
	out := make([]approval.AppState, 0, len(apps))
	for _, a := range apps {
		v := approvalView(a.ListingID, byApp[a.ListingID])
		a.State, a.UserCount, a.Note, a.ApprovedAt = v.Scope, int64(len(v.UserIDs)), v.Note, v.UpdatedAt
		a.PendingRequests, a.ChangedSinceApproved = waiting[a.ListingID], false
		if f.State == "" || f.State == a.State {
			out = append(out, a)
		}
	}
	return page(out, f.Offset, f.Limit), nil
}

// listPage is the local list's largest page.
const listPage = 1000

func page(apps []approval.AppState, offset, limit int) []approval.AppState {
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	if offset >= len(apps) || offset < 0 {
		return []approval.AppState{}
	}
	return apps[offset:min(len(apps), offset+limit)]
}
