package catalog

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"unicode/utf8"

	"marketdesk/db/store"
)

// readAheadEntries is how many checked entries may wait for the database.
// Reading, decoding and checking the feed run on one core while SQLite
// writes on the other (together they took twice the writing alone); a
// short queue keeps memory flat, even with entries at MaxEntryBytes.
const readAheadEntries = 16

// preparedEntry is one feed entry read and checked, ready to be written;
// reason says why it is skipped instead, err why the feed cannot be read.
type preparedEntry struct {
	n      int // entries read so far, for the progress
	label  string
	reason string
	row    listingRow
	params store.InsertListingParams
	err    error
}

// readAhead reads and checks the feed's entries in the background, in feed
// order. stop ends it early (a database failure): the reader then stops at
// its next entry, or when the feed's body is closed.
func (a *applier) readAhead(fr *feedReader) (entries <-chan preparedEntry, stop func()) {
	out := make(chan preparedEntry, readAheadEntries)
	done := make(chan struct{})
	sourceID, o := a.src.ID, a.origin
	go func() {
		defer close(out)
		for {
			e, err := fr.next()
			if errors.Is(err, io.EOF) {
				return
			}
			p := preparedEntry{n: fr.n, err: err}
			if err == nil {
				p = prepareEntry(e, sourceID, o)
				p.n = fr.n
			}
			select {
			case out <- p:
			case <-done:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return out, func() { close(done) }
}

// prepareEntry decodes and checks one entry. It keeps nothing of e.raw,
// which the reader reuses for the next entry.
func prepareEntry(e rawEntry, sourceID int64, o origin) preparedEntry {
	p := preparedEntry{label: e.label()}
	if e.problem != "" { // refused while reading (feed.go)
		p.reason = e.problem
		return p
	}
	if !utf8.Valid(e.raw) {
		p.reason = "the entry contains invalid UTF-8"
		return p
	}
	fe, err := decodeEntry(e.raw)
	if fe.ID != "" && utf8.ValidString(fe.ID) && len(fe.ID) <= 64 {
		p.label = fe.ID
	}
	if err != nil {
		p.reason = err.Error()
		return p
	}
	row, err := validate(fe, o)
	if err != nil {
		p.reason = err.Error()
		return p
	}
	sum := sha256.Sum256(e.raw)
	p.row = row
	p.params = insertParams(row, sourceID, hex.EncodeToString(sum[:16]))
	return p
}
