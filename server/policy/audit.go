package policy

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/server/db/store"
)

// AuditEntry is one entry of the audit log.
type AuditEntry struct {
	ID         int64           `json:"id"`
	At         time.Time       `json:"at"`
	ActorID    *int64          `json:"actor_id,omitempty"`
	ActorName  string          `json:"actor_name"`
	ActorEmail string          `json:"actor_email"`
	Action     string          `json:"action"`
	Target     string          `json:"target"`
	Details    json.RawMessage `json:"details"`
	RequestID  string          `json:"request_id"`
}

func auditOf(e store.AuditLog) AuditEntry {
	out := AuditEntry{ID: e.ID, At: e.At, ActorName: e.ActorName, ActorEmail: e.ActorEmail, Action: e.Action,
		Target: e.Target, Details: e.Details, RequestID: e.RequestID}
	if e.ActorID.Valid {
		out.ActorID = &e.ActorID.Int64
	}
	return out
}

// AuditPage is one page of the log, newest first; NextBeforeID (when
// present) is the before_id of the next, older page.
type AuditPage struct {
	Entries      []AuditEntry `json:"entries"`
	NextBeforeID int64        `json:"next_before_id,omitempty"`
}

func (s *service) auditPage(w http.ResponseWriter, r *http.Request, c caller) error {
	before, err := queryInt(r, "before_id", 0, 1<<62)
	if err != nil {
		return err
	}
	limit, err := queryInt(r, "limit", 100, 500)
	if err != nil {
		return err
	}
	if limit == 0 {
		limit = 100
	}
	rows, err := s.db.Queries.AuditPage(r.Context(), store.AuditPageParams{AccountID: c.AccountID, BeforeID: before, MaxRows: int32(limit)})
	if err != nil {
		return err
	}
	page := AuditPage{Entries: make([]AuditEntry, 0, len(rows))}
	for _, e := range rows {
		page.Entries = append(page.Entries, auditOf(e))
	}
	if len(rows) == int(limit) {
		page.NextBeforeID = rows[len(rows)-1].ID
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

// exportPage is how many entries the export reads at a time: memory stays
// flat whatever the log's size.
const exportPage = 500

// auditExport streams the whole log, oldest first, as CSV or a JSON array.
// Once the first byte is out the status cannot change: a failure midway
// aborts the connection, so a client never takes a cut file for a whole one.
func (s *service) auditExport(w http.ResponseWriter, r *http.Request, c caller) error {
	format := r.URL.Query().Get("format")
	var out exporter
	switch format {
	case "csv":
		out = &csvExport{w: csv.NewWriter(w)}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	case "json":
		out = &jsonExport{w: w}
		w.Header().Set("Content-Type", "application/json")
	default:
		return apperr.New(apperr.Invalid, "format must be csv or json, got %q", format)
	}
	w.Header().Set("Content-Disposition", `attachment; filename="marketdesk-audit.`+format+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	flusher, _ := w.(http.Flusher)
	after := int64(0)
	for {
		rows, err := s.db.Queries.AuditExportPage(r.Context(), store.AuditExportPageParams{AccountID: c.AccountID, AfterID: after, MaxRows: exportPage})
		if err != nil {
			s.log.ErrorContext(r.Context(), "audit export failed midway", "error", err)
			panic(http.ErrAbortHandler)
		}
		for _, e := range rows {
			out.entry(auditOf(e))
		}
		if len(rows) < exportPage {
			break
		}
		after = rows[len(rows)-1].ID
		if flusher != nil {
			out.flush()
			flusher.Flush()
		}
	}
	out.end()
	return nil
}

type exporter interface {
	entry(e AuditEntry)
	flush()
	end()
}

type jsonExport struct {
	w io.Writer
	n int
}

func (j *jsonExport) entry(e AuditEntry) {
	sep := ",\n"
	if j.n == 0 {
		sep = "[\n"
	}
	j.n++
	b, _ := json.Marshal(e) // plain fields and a RawMessage from JSONB: cannot fail
	_, _ = j.w.Write(append([]byte(sep), b...))
}
func (j *jsonExport) flush() {}
func (j *jsonExport) end() {
	if j.n == 0 {
		_, _ = j.w.Write([]byte("["))
	}
	_, _ = j.w.Write([]byte("\n]\n"))
}

type csvExport struct {
	w *csv.Writer
	n int
}

var csvHeader = []string{"id", "at", "actor_id", "actor_name", "actor_email", "action", "target", "details", "request_id"}

func (c *csvExport) entry(e AuditEntry) {
	if c.n == 0 {
		_ = c.w.Write(csvHeader)
	}
	c.n++
	actor := ""
	if e.ActorID != nil {
		actor = strconv.FormatInt(*e.ActorID, 10)
	}
	_ = c.w.Write([]string{strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339Nano), actor,
		cell(e.ActorName), cell(e.ActorEmail), cell(e.Action), cell(e.Target), cell(string(e.Details)), cell(e.RequestID)})
}
func (c *csvExport) flush() { c.w.Flush() }
func (c *csvExport) end() {
	if c.n == 0 {
		_ = c.w.Write(csvHeader)
	}
	c.w.Flush()
}

// cell keeps a spreadsheet from running a value as a formula: names and
// listing ids come from people and feeds, and "=HYPERLINK(...)" in a
// user's name must stay text (OWASP's CSV injection advice).
func cell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
