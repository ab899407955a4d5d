-- 0003: the account, its users, pre-approvals, requests and the audit log.

-- Local mode: one account per data directory.
CREATE TABLE account (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    name                TEXT NOT NULL,
    require_preapproval INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL
) STRICT;

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL,
    email               TEXT NOT NULL COLLATE NOCASE UNIQUE,
    role                TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    marketplace_manager INTEGER NOT NULL DEFAULT 0, -- granted to admins; owners always manage
    created_at          TEXT NOT NULL
) STRICT;

-- Who is signed in on this computer (local mode has no passwords: the OS
-- account is the security boundary).
CREATE TABLE session (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    user_id INTEGER NOT NULL REFERENCES users (id)
) STRICT;

-- A manager's pre-approval of an app: for the whole account, for named
-- users, or blocked. At most one per app.
CREATE TABLE approvals (
    listing_id  TEXT PRIMARY KEY NOT NULL,
    scope       TEXT NOT NULL CHECK (scope IN ('account', 'users', 'blocked')),
    note        TEXT NOT NULL DEFAULT '',
    approved_by INTEGER NOT NULL REFERENCES users (id),
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE approval_users (
    listing_id TEXT NOT NULL REFERENCES approvals (listing_id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (listing_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX approval_users_user ON approval_users (user_id);

CREATE TABLE requests (
    id            INTEGER PRIMARY KEY,
    listing_id    TEXT NOT NULL,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason        TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'cancelled')),
    decided_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    decision_note TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    decided_at    TEXT NOT NULL DEFAULT ''
) STRICT;
-- One pending request per user and app: a second ask is refused by the database too.
CREATE UNIQUE INDEX requests_one_pending ON requests (listing_id, user_id) WHERE status = 'pending';
CREATE INDEX requests_status ON requests (status, created_at);

-- Every state change: who, what, when, details (JSON). Actor name and email
-- are copied so the record outlives the user.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor_id    INTEGER,
    actor_name  TEXT NOT NULL,
    actor_email TEXT NOT NULL,
    action      TEXT NOT NULL,
    target      TEXT NOT NULL,
    details     TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at);
