-- 0003: the organization's catalog (its feed sources and their listings, and
-- the revision of the merged feed every replica serves) and the inventory of
-- installations that desktops report.

-- A feed a marketplace manager added. Its listings are kept below, so the
-- merged feed is served from PostgreSQL, never fetched on a desktop's poll.
CREATE TABLE catalog_sources (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id      BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    location        TEXT NOT NULL CHECK (location <> ''),
    name            TEXT NOT NULL DEFAULT '',
    -- the feed server's validators, sent back on the next sync
    etag            TEXT NOT NULL DEFAULT '',
    last_modified   TEXT NOT NULL DEFAULT '',
    listing_count   INTEGER NOT NULL DEFAULT 0,
    last_sync_at    TIMESTAMPTZ,
    last_success_at TIMESTAMPTZ,
    last_error      TEXT NOT NULL DEFAULT '',
    added_by        BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (account_id, location)
);

-- One validated listing, as the merged feed writes it (the feed format, in
-- canonical JSON: kept as TEXT so its bytes, and so the ETag, never change
-- in storage). An id is unique in the account: the source added first keeps it.
CREATE TABLE catalog_listings (
    account_id   BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    source_id    BIGINT NOT NULL REFERENCES catalog_sources (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL, -- order in its feed
    content      TEXT NOT NULL,
    content_hash TEXT NOT NULL,    -- sha256 of content, hex
    PRIMARY KEY (account_id, id)
);
CREATE INDEX catalog_listings_source ON catalog_listings (source_id, position);

-- The merged feed's revision: bumped in the transaction of every change to
-- the listings, with the digest of what the feed now holds. Every replica
-- answers a poll (ETag, 304) from this one row without rebuilding the feed.
CREATE TABLE catalog_revisions (
    account_id BIGINT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    revision   BIGINT NOT NULL DEFAULT 0,
    digest     TEXT NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- What desktops report as installed: one row per person and app. An
-- account-level app (installed once, by a manager, for everyone) is the
-- row of the manager who installed it, with scope 'account'.
CREATE TABLE installations (
    account_id   BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    app_id       TEXT NOT NULL CHECK (app_id <> ''),
    scope        TEXT NOT NULL CHECK (scope IN ('user', 'account')),
    version      TEXT NOT NULL DEFAULT '',
    installed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, user_id, app_id)
);
CREATE INDEX installations_app ON installations (account_id, app_id);
