-- 0005: installations. Their tokens live in the OS keychain, never here.
CREATE TABLE installations (
    id                INTEGER PRIMARY KEY,
    listing_id        TEXT NOT NULL,
    level             TEXT NOT NULL CHECK (level IN ('user', 'account')),
    user_id           INTEGER REFERENCES users (id) ON DELETE CASCADE, -- NULL for account-level
    installed_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    installed_by_name TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('authorizing', 'needs_configuration', 'active',
                                                      'reconnect_needed', 'failed', 'removing', 'removed')),
    requested_scopes  TEXT NOT NULL,             -- JSON array
    granted_scopes    TEXT NOT NULL DEFAULT '[]', -- JSON array; the server may grant fewer
    token_expires_at  TEXT NOT NULL DEFAULT '',
    last_refresh_at   TEXT NOT NULL DEFAULT '',
    error             TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;
-- One live installation per user and app, and one per account-level app.
CREATE UNIQUE INDEX installations_one_per_user ON installations (listing_id, user_id)
    WHERE level = 'user' AND status NOT IN ('failed', 'removed');
CREATE UNIQUE INDEX installations_one_per_account ON installations (listing_id)
    WHERE level = 'account' AND status NOT IN ('failed', 'removed');
CREATE INDEX installations_status ON installations (status, updated_at);
