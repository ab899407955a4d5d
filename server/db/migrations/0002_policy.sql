-- 0002: the account's policy: pre-approvals (for the whole account, for
-- named users, and blocks with a message and a link), optional expiry on
-- each, the members' requests for pre-approval, and the per-user rate
-- limits that every replica shares.

-- A person's rows below must be in the same account as the row itself: the
-- composite keys make a cross-account reference impossible, not only
-- unchecked.
ALTER TABLE users ADD CONSTRAINT users_account_id_id UNIQUE (account_id, id);

-- One row per decision: scope 'account' (everyone), 'user' (user_id), or
-- 'blocked' (nobody, with a message and a link shown instead of a bare
-- "not allowed"). expires_at is when it lapses (re-certification); a lapsed
-- row is kept, reported as lapsed, and no longer counts: "in force" is
-- computed when read, so no job has to run at the moment it lapses.
CREATE TABLE preapprovals (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id  BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    listing_id  TEXT NOT NULL CHECK (listing_id <> ''),
    scope       TEXT NOT NULL CHECK (scope IN ('account', 'user', 'blocked')),
    user_id     BIGINT,
    note        TEXT NOT NULL DEFAULT '',
    message     TEXT NOT NULL DEFAULT '',
    link        TEXT NOT NULL DEFAULT '',
    expires_at  TIMESTAMPTZ,
    granted_by  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    granted_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, id) ON DELETE CASCADE,
    CHECK ((scope = 'user') = (user_id IS NOT NULL)),
    CHECK (scope = 'blocked' OR (message = '' AND link = ''))
);
-- Granting the same thing again renews it (ON CONFLICT on this index).
CREATE UNIQUE INDEX preapprovals_one ON preapprovals (account_id, listing_id, scope, (coalesce(user_id, 0)));
CREATE INDEX preapprovals_expiry ON preapprovals (account_id, expires_at) WHERE expires_at IS NOT NULL;

-- A member's ask for pre-approval: pending -> approved / denied / cancelled.
-- app_type 'account' asks the managers to install an account-level app.
CREATE TABLE requests (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id    BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    listing_id    TEXT NOT NULL CHECK (listing_id <> ''),
    app_type      TEXT NOT NULL DEFAULT 'user' CHECK (app_type IN ('user', 'account')),
    user_id       BIGINT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'denied', 'cancelled')),
    decided_by    BIGINT REFERENCES users (id) ON DELETE SET NULL,
    decision_note TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    decided_at    TIMESTAMPTZ,
    FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, id) ON DELETE CASCADE
);
-- One pending request per user and app: a second ask is refused by the database too.
CREATE UNIQUE INDEX requests_one_pending ON requests (account_id, listing_id, user_id) WHERE status = 'pending';
CREATE INDEX requests_account_id ON requests (account_id, id);

-- Fixed windows per user and bucket, counted with one upsert so that every
-- replica sees the same count (an in-process limiter would allow N per
-- replica).
CREATE TABLE rate_limits (
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    bucket       TEXT NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    hits         INTEGER NOT NULL,
    PRIMARY KEY (user_id, bucket)
);

-- The audit log is paged and exported by id.
CREATE INDEX audit_log_account_id ON audit_log (account_id, id);
