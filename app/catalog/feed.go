// Package catalog keeps the cached catalog: it reads feeds as streams,
// validates their listings, applies each source in one transaction, and
// answers browsing and full-text search from SQLite.
package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// SchemaVersion is the feed format this Marketdesk reads (docs/catalog-feed.md).
const SchemaVersion = 1

// feedEntry is one listing as a feed writes it.
type feedEntry struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Developer *struct {
		Name     string `json:"name"`
		Website  string `json:"website"`
		Verified bool   `json:"verified"`
	} `json:"developer"`
	Summary     string `json:"summary"`
	Description string `json:"description"`
	Icon        string `json:"icon"`
	Screenshots []struct {
		URL     string `json:"url"`
		Caption string `json:"caption"`
	} `json:"screenshots"`
	Categories []string `json:"categories"`
	Keywords   []string `json:"keywords"`
	Type       string   `json:"type"`
	Scopes     []Scope  `json:"scopes"`
	OAuth      *struct {
		ClientID              string `json:"client_id"`
		Issuer                string `json:"issuer"`
		AuthorizationEndpoint string `json:"authorization_endpoint"`
		TokenEndpoint         string `json:"token_endpoint"`
		RevocationEndpoint    string `json:"revocation_endpoint"`
		RedirectPath          string `json:"redirect_path"`
		Sandbox               bool   `json:"sandbox"`
	} `json:"oauth"`
	Configuration *struct {
		Kind   string        `json:"kind"`
		URL    string        `json:"url"`
		Fields []ConfigField `json:"fields"`
	} `json:"configuration"`
	Links *struct {
		PrivacyPolicy string `json:"privacy_policy"`
		Terms         string `json:"terms"`
		Support       string `json:"support"`
		Documentation string `json:"documentation"`
	} `json:"links"`
	DeauthorizationURL string `json:"deauthorization_url"`
	// deauthorization_secret is no longer read: see docs/deauthorization.md.
	Stats *struct {
		Installs    int64   `json:"installs"`
		Rating      float64 `json:"rating"`
		RatingCount int64   `json:"rating_count"`
	} `json:"stats"`
	Version      string `json:"version"`
	ReleaseNotes string `json:"release_notes"`
	PublishedAt  string `json:"published_at"`
	UpdatedAt    string `json:"updated_at"`
}

// FeedError is a feed that cannot be read at all; nothing of it is applied.
type FeedError struct{ Reason string }

func (e *FeedError) Error() string { return e.Reason }

// feedReader walks a feed document as a stream: the header first, then one
// listing at a time, so memory does not grow with the feed (scan.go).
type feedReader struct {
	s       *scanner
	name    string
	n       int  // listings read so far
	started bool // a listing was read: the next one follows a comma
	id      []byte
}

// rawEntry is one listing's bytes (for the content hash) and its position.
// raw is nil when the entry was refused while reading; problem says why.
// raw is only valid until the next call of next.
type rawEntry struct {
	index   int
	raw     json.RawMessage
	id      string // the entry's "id" as read, to name it in the report
	problem string
}

// label names the entry in the report: its id when it has a readable one.
func (e rawEntry) label() string {
	if e.id != "" && utf8.ValidString(e.id) && len(e.id) <= 64 {
		return e.id
	}
	return fmt.Sprintf("#%d", e.index)
}

func newFeedReader(r io.Reader) (*feedReader, error) {
	fr := &feedReader{s: newScanner(r)}
	if err := fr.readHeader(); err != nil {
		return nil, err
	}
	return fr, nil
}

func (fr *feedReader) readHeader() error {
	c, err := fr.s.next()
	if err != nil {
		return ifCut(err, "the feed is empty or cut short: the feed is not a JSON object")
	}
	if c != '{' {
		if c == '[' || c == '"' || c == '-' || c >= '0' && c <= '9' {
			return &FeedError{"the feed is not a JSON object"}
		}
		return fr.s.syntax("unexpected %q", c)
	}
	fr.s.depth = 1
	key, err := fr.key()
	if err != nil {
		return err
	}
	if key != "schema_version" {
		return &FeedError{fmt.Sprintf("the feed must start with \"schema_version\", found %q first", clip(key))}
	}
	if err := fr.readVersion(); err != nil {
		return err
	}
	// Skip to "listings", remembering the name on the way.
	for {
		c, err := fr.s.next()
		if err != nil {
			return ifCut(err, "the feed ends before \"listings\"")
		}
		switch c {
		case '}':
			return &FeedError{"the feed has no \"listings\""}
		case ',':
		default:
			return fr.s.syntax("expected , or } in the feed object, found %q", c)
		}
		key, err := fr.key()
		if err != nil {
			return err
		}
		switch key {
		case "listings":
			if err := fr.s.expect('[', "\"listings\" must be an array"); err != nil {
				return err
			}
			fr.s.depth = 2
			return nil
		case "name":
			if err := fr.readName(); err != nil {
				return err
			}
		default:
			if err := fr.skipValue(); err != nil {
				return err
			}
		}
	}
}

// readVersion: schema_version is a JSON number; "1" (a string) is refused,
// as the format says, rather than guessed at.
func (fr *feedReader) readVersion() error {
	c, err := fr.s.next()
	if err != nil {
		return err
	}
	if c == '"' {
		return &FeedError{"schema_version must be a JSON number (1), not a string"}
	}
	if c != '-' && (c < '0' || c > '9') {
		return &FeedError{"schema_version is not a number"}
	}
	fr.s.capture(c, 32)
	err = fr.s.literal()
	v := fr.s.release()
	if err != nil {
		return err
	}
	var version json.Number
	if v == nil || json.Unmarshal(v, &version) != nil {
		return &FeedError{"schema_version is not a number"}
	}
	if version.String() != fmt.Sprint(SchemaVersion) {
		return &FeedError{fmt.Sprintf("schema_version %s is not supported (this Marketdesk reads version %d)", version, SchemaVersion)}
	}
	return nil
}

// readName keeps the feed's name, refusing one the format does not allow.
func (fr *feedReader) readName() error {
	c, err := fr.s.next()
	if err != nil {
		return err
	}
	if c != '"' {
		return &FeedError{"\"name\" must be a string"}
	}
	fr.s.textProblem = ""
	var raw []byte
	if err := fr.s.str(&raw, maxHeaderValue); err != nil {
		return err
	}
	if fr.s.textProblem != "" {
		return &FeedError{"the feed's name is refused: " + strings.TrimPrefix(fr.s.textProblem, "the entry contains ")}
	}
	name, ok := unquote(raw)
	switch {
	case len(raw) >= maxHeaderValue || (ok && utf8.RuneCountInString(name) > maxName):
		return &FeedError{fmt.Sprintf("the feed's name is longer than %d characters", maxName)}
	case !ok || !utf8.ValidString(name):
		return &FeedError{"the feed's name is not valid UTF-8 text"}
	case strings.ContainsAny(name, "\r\n"):
		return &FeedError{"the feed's name must be one line"}
	}
	fr.name = strings.TrimSpace(name)
	return nil
}

// unquote decodes the raw bytes of a JSON string (without its quotes).
func unquote(raw []byte) (string, bool) {
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw), true
	}
	quoted := make([]byte, 0, len(raw)+2)
	quoted = append(append(append(quoted, '"'), raw...), '"')
	var s string
	return s, json.Unmarshal(quoted, &s) == nil
}

func (fr *feedReader) skipValue() error {
	c, err := fr.s.next()
	if err != nil {
		return err
	}
	return fr.s.value(c)
}

// next returns the next listing, or io.EOF after the last one. The rest of
// the document must still be well-formed: a feed cut short after its
// listings is an error, not a quiet success.
func (fr *feedReader) next() (rawEntry, error) {
	c, err := fr.s.next()
	if err != nil {
		return rawEntry{}, err
	}
	switch {
	case c == ']':
		if err := fr.drainTrailer(); err != nil {
			return rawEntry{}, err
		}
		return rawEntry{}, io.EOF
	case fr.started && c != ',':
		return rawEntry{}, fr.s.syntax("expected , or ] between listings, found %q", c)
	case fr.started:
		if c, err = fr.s.next(); err != nil {
			return rawEntry{}, err
		}
	}
	fr.started = true
	fr.n++
	return fr.readEntry(c)
}

// readEntry keeps an entry up to MaxEntryBytes; a larger one is read to its
// end without being kept, and reported by its id when one was seen.
func (fr *feedReader) readEntry(c byte) (rawEntry, error) {
	start := fr.s.off - 1
	fr.id = fr.id[:0]
	fr.s.capture(c, MaxEntryBytes)
	var err error
	if c == '{' {
		err = fr.s.object(fr.onEntryKey)
	} else {
		err = fr.s.value(c)
	}
	raw := fr.s.release()
	if err != nil {
		return rawEntry{}, err
	}
	e := rawEntry{index: fr.n, raw: raw, problem: fr.s.textProblem}
	if id, ok := unquote(fr.id); ok {
		e.id = id
	}
	if raw == nil {
		e.problem = fmt.Sprintf("the entry is %d bytes, over the %d-byte (1 MiB) limit for one listing", fr.s.off-start, MaxEntryBytes)
	}
	return e, nil
}

// onEntryKey keeps the entry's id (up to maxKeptID bytes) as it goes by.
func (fr *feedReader) onEntryKey(key []byte, c byte) (bool, error) {
	if string(key) != "id" || c != '"' {
		return false, nil
	}
	fr.id = fr.id[:0]
	return true, fr.s.str(&fr.id, maxKeptID)
}

func (fr *feedReader) drainTrailer() error {
	for {
		c, err := fr.s.next()
		if err != nil {
			return ifCut(err, "the feed is cut short: the feed object is not closed")
		}
		switch c {
		case '}':
			if !fr.s.atEOF() {
				return &FeedError{"unexpected data after the feed object"}
			}
			return nil
		case ',':
		default:
			return fr.s.syntax("expected , or } after \"listings\", found %q", c)
		}
		if _, err := fr.key(); err != nil {
			return err
		}
		if err := fr.skipValue(); err != nil {
			return err
		}
	}
}

// key reads an object key of the feed object and the colon after it.
func (fr *feedReader) key() (string, error) {
	c, err := fr.s.next()
	if err != nil {
		return "", ifCut(err, "the feed ends before \"listings\"")
	}
	if c == '}' {
		return "", &FeedError{"the feed has no \"listings\""}
	}
	if c != '"' {
		return "", &FeedError{"the feed is not a JSON object of the documented shape"}
	}
	var raw []byte
	if err := fr.s.str(&raw, 64); err != nil {
		return "", err
	}
	if err := fr.s.expect(':', "the feed is not a JSON object of the documented shape"); err != nil {
		return "", err
	}
	key, _ := unquote(raw)
	return key, nil
}

// decodeEntry parses one listing strictly enough to catch wrong types.
func decodeEntry(raw json.RawMessage) (feedEntry, error) {
	var e feedEntry
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&e); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return e, fmt.Errorf("%s has the wrong type (want %s)", typeErr.Field, typeErr.Type)
		}
		return e, fmt.Errorf("not a listing object: %v", err)
	}
	return e, nil
}
