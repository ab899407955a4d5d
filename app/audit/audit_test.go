package audit

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"marketdesk/db/store"
	"marketdesk/db/testdb"
)

func TestRecordListAndExportRoundTrip(t *testing.T) {
	d := testdb.New(t)
	ctx := context.Background()
	q := store.New(d.Writer)
	when := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	olive := Actor{ID: 1, Name: `Olive "O" Owner`, Email: "olive@acme.example"}
	records := []struct {
		action, target string
		details        any
	}{
		{"approval.granted", "app-a", map[string]any{"note": "for everyone, really\nsecond line"}},
		{"request.denied", "app-b", map[string]any{"note": "use A, not B"}},
		{"user.added", "nia@acme.example", nil},
	}
	for i, r := range records {
		if err := Record(ctx, q, when.Add(time.Duration(i)*time.Minute), olive, r.action, r.target, r.details); err != nil {
			t.Fatal(err)
		}
	}
	all, err := List(ctx, d, Filter{})
	if err != nil || len(all) != 3 || all[0].Action != "user.added" {
		t.Fatalf("List = %+v, %v (newest first)", all, err)
	}
	if got, _ := List(ctx, d, Filter{Action: "approval."}); len(got) != 1 || got[0].Target != "app-a" {
		t.Fatalf("action filter: %+v", got)
	}
	if got, _ := List(ctx, d, Filter{Actor: "olive@"}); len(got) != 3 {
		t.Fatalf("actor filter: %d", len(got))
	}
	if got, _ := List(ctx, d, Filter{Target: "%"}); len(got) != 0 {
		t.Fatalf("a typed %% is not a wildcard: %d", len(got))
	}

	rows, err := csv.NewReader(strings.NewReader(CSV(all))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || strings.Join(rows[0], ",") != strings.Join(CSVHeader, ",") {
		t.Fatalf("CSV rows: %q", rows)
	}
	first := rows[1] // oldest first
	if first[3] != olive.Name || first[5] != "approval.granted" || !strings.Contains(first[7], `second line`) {
		t.Fatalf("first CSV row: %q", first)
	}
	var back []Entry
	if err := json.Unmarshal([]byte(JSON(all)), &back); err != nil || len(back) != 3 || back[0].Action != "approval.granted" {
		t.Fatalf("JSON export: %v %+v", err, back)
	}
}
