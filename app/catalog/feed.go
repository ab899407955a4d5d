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
	Version     string `json:"version"`
	PublishedAt string `json:"published_at"`
	UpdatedAt   string `json:"updated_at"`
}

// FeedError is a feed that cannot be read at all; nothing of it is applied.
type FeedError struct{ Reason string }

func (e *FeedError) Error() string { return e.Reason }

// feedReader walks a feed document as a stream: the header first, then one
// listing at a time, so memory does not grow with the feed.
type feedReader struct {
	dec  *json.Decoder
	name string
	n    int // listings read so far
}

// rawEntry is one listing's bytes (for the content hash) and its position.
type rawEntry struct {
	index int
	raw   json.RawMessage
}

func newFeedReader(r io.Reader) (*feedReader, error) {
	fr := &feedReader{dec: json.NewDecoder(r)}
	if err := fr.readHeader(); err != nil {
		return nil, err
	}
	return fr, nil
}

func (fr *feedReader) readHeader() error {
	if err := fr.expectDelim('{', "the feed is not a JSON object"); err != nil {
		return err
	}
	key, err := fr.key()
	if err != nil {
		return err
	}
	if key != "schema_version" {
		return &FeedError{fmt.Sprintf("the feed must start with \"schema_version\", found %q first", key)}
	}
	var version json.Number
	fr.dec.UseNumber()
	if err := fr.dec.Decode(&version); err != nil {
		return &FeedError{"schema_version is not a number"}
	}
	if version.String() != fmt.Sprint(SchemaVersion) {
		return &FeedError{fmt.Sprintf("schema_version %s is not supported (this Marketdesk reads version %d)", version, SchemaVersion)}
	}
	// Skip to "listings", remembering the name on the way.
	for {
		key, err := fr.key()
		if err != nil {
			return err
		}
		switch key {
		case "listings":
			return fr.expectDelim('[', "\"listings\" must be an array")
		case "name":
			if err := fr.dec.Decode(&fr.name); err != nil {
				return &FeedError{"\"name\" must be a string"}
			}
		default:
			var skip json.RawMessage
			if err := fr.dec.Decode(&skip); err != nil {
				return malformed(err)
			}
		}
	}
}

// next returns the next listing's raw bytes, or io.EOF after the last one.
// The rest of the document must still be well-formed: a feed cut short after
// its listings is an error, not a quiet success.
func (fr *feedReader) next() (rawEntry, error) {
	if !fr.dec.More() {
		if err := fr.expectDelim(']', "\"listings\" is not closed"); err != nil {
			return rawEntry{}, err
		}
		if err := fr.drainTrailer(); err != nil {
			return rawEntry{}, err
		}
		return rawEntry{}, io.EOF
	}
	var raw json.RawMessage
	if err := fr.dec.Decode(&raw); err != nil {
		return rawEntry{}, malformed(err)
	}
	fr.n++
	return rawEntry{index: fr.n, raw: raw}, nil
}

func (fr *feedReader) drainTrailer() error {
	for fr.dec.More() {
		if _, err := fr.key(); err != nil {
			return err
		}
		var skip json.RawMessage
		if err := fr.dec.Decode(&skip); err != nil {
			return malformed(err)
		}
	}
	if err := fr.expectDelim('}', "the feed object is not closed"); err != nil {
		return err
	}
	if _, err := fr.dec.Token(); !errors.Is(err, io.EOF) {
		return &FeedError{"unexpected data after the feed object"}
	}
	return nil
}

func (fr *feedReader) key() (string, error) {
	tok, err := fr.dec.Token()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return "", &FeedError{"the feed ends before \"listings\""}
		}
		return "", malformed(err)
	}
	if d, ok := tok.(json.Delim); ok && d == '}' {
		return "", &FeedError{"the feed has no \"listings\""}
	}
	key, ok := tok.(string)
	if !ok {
		return "", &FeedError{"the feed is not a JSON object of the documented shape"}
	}
	return key, nil
}

func (fr *feedReader) expectDelim(want json.Delim, msg string) error {
	tok, err := fr.dec.Token()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return &FeedError{"the feed is empty or cut short: " + msg}
		}
		return malformed(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return &FeedError{msg}
	}
	return nil
}

func malformed(err error) error {
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return &FeedError{fmt.Sprintf("the feed is not valid JSON (at byte %d: %v)", syntax.Offset, err)}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return &FeedError{"the feed is cut short"}
	}
	return &FeedError{"the feed could not be read: " + err.Error()}
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
