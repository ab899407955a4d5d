-- 0002: the cached catalog. Sources are feeds; listings are their apps.
CREATE TABLE catalog_sources (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('embedded', 'url', 'file')),
    location        TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL DEFAULT '',
    etag            TEXT NOT NULL DEFAULT '',
    last_modified   TEXT NOT NULL DEFAULT '',
    fingerprint     TEXT NOT NULL DEFAULT '', -- size+mtime of a file, hash of the embedded feed
    last_sync_at    TEXT NOT NULL DEFAULT '',
    last_success_at TEXT NOT NULL DEFAULT '',
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
) STRICT;

CREATE TABLE listings (
    rowid               INTEGER PRIMARY KEY, -- the FTS row id
    id                  TEXT NOT NULL UNIQUE,
    source_id           INTEGER NOT NULL REFERENCES catalog_sources (id) ON DELETE CASCADE,
    content_hash        TEXT NOT NULL,       -- of the feed entry: unchanged entries are not rewritten
    name                TEXT NOT NULL,
    name_key            TEXT NOT NULL,       -- lower-case name, for sorting and name-first ranking
    developer_name      TEXT NOT NULL,
    developer_website   TEXT NOT NULL,
    developer_verified  INTEGER NOT NULL,
    summary             TEXT NOT NULL,
    description         TEXT NOT NULL,       -- Markdown as the feed gave it; rendered and sanitized on display
    icon_url            TEXT NOT NULL,
    categories          TEXT NOT NULL,       -- JSON array of names
    type                TEXT NOT NULL CHECK (type IN ('user', 'account')),
    details             TEXT NOT NULL,       -- JSON: scopes, oauth, configuration, links, screenshots
    installs            INTEGER NOT NULL,
    rating              REAL NOT NULL,
    rating_count        INTEGER NOT NULL,
    version             TEXT NOT NULL,
    published_at        TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    no_longer_listed    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX listings_source ON listings (source_id);
CREATE INDEX listings_popularity ON listings (installs DESC, rating DESC);
CREATE INDEX listings_updated ON listings (updated_at DESC);
CREATE INDEX listings_name ON listings (name_key);

CREATE TABLE listing_categories (
    listing_rowid INTEGER NOT NULL REFERENCES listings (rowid) ON DELETE CASCADE,
    category      TEXT NOT NULL,
    PRIMARY KEY (category, listing_rowid)
) STRICT, WITHOUT ROWID;
CREATE INDEX listing_categories_listing ON listing_categories (listing_rowid);

-- Full-text search over the listing text, reading its columns from listings
-- (external content: no second copy). Triggers keep updates and deletes in
-- step; a prefix index on 2-character prefixes keeps as-you-type cheap.
CREATE VIRTUAL TABLE listings_fts USING fts5 (
    name, developer_name, summary, description, categories,
    content = 'listings', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2'
);
-- Column weights for bm25: a name match counts most.
INSERT INTO listings_fts (listings_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 3.0, 1.0, 2.0)');

-- No insert trigger: a sync indexes the rows it inserted in one statement at
-- its end (catalog.indexNewListings), which lets FTS5 build its index in
-- memory instead of flushing a tiny segment per row (3x faster on big feeds).
CREATE TRIGGER listings_fts_delete AFTER DELETE ON listings BEGIN
    INSERT INTO listings_fts (listings_fts, rowid, name, developer_name, summary, description, categories)
    VALUES ('delete', old.rowid, old.name, old.developer_name, old.summary, old.description, old.categories);
END;
CREATE TRIGGER listings_fts_update AFTER UPDATE OF name, developer_name, summary, description, categories ON listings BEGIN
    INSERT INTO listings_fts (listings_fts, rowid, name, developer_name, summary, description, categories)
    VALUES ('delete', old.rowid, old.name, old.developer_name, old.summary, old.description, old.categories);
    INSERT INTO listings_fts (rowid, name, developer_name, summary, description, categories)
    VALUES (new.rowid, new.name, new.developer_name, new.summary, new.description, new.categories);
END;

-- The listings a sync in progress has seen; whatever of the source it did
-- not see is gone from the feed. Emptied at the start of every sync.
CREATE TABLE catalog_sync_seen (
    listing_rowid INTEGER PRIMARY KEY
) STRICT;

-- Icons and screenshots of remote feeds, downloaded once so the catalog
-- shows them offline. Keyed by the URL the feed gave.
CREATE TABLE catalog_assets (
    url          TEXT PRIMARY KEY NOT NULL,
    content_type TEXT NOT NULL,
    data         BLOB NOT NULL,
    fetched_at   TEXT NOT NULL
) STRICT;
