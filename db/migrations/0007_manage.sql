-- 0007: configuring and removing installations, and the durable outbox of
-- deauthorization notices (and of revocations the network refused).

-- Settings of an installation's configuration form. Secret fields keep only
-- the fact that they are set here ('{"secret":true}'); their values live in
-- the OS keychain.
CREATE TABLE installation_settings (
    installation_id INTEGER NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
    key             TEXT NOT NULL,
    value           TEXT NOT NULL, -- JSON
    PRIMARY KEY (installation_id, key)
) STRICT, WITHOUT ROWID;

ALTER TABLE installations ADD COLUMN configured_at TEXT NOT NULL DEFAULT '';
-- Removal is a durable sequence: the step it reached survives a crash.
ALTER TABLE installations ADD COLUMN removal_step TEXT NOT NULL DEFAULT '';
ALTER TABLE installations ADD COLUMN retain_data INTEGER NOT NULL DEFAULT 0;
ALTER TABLE installations ADD COLUMN removed_by_name TEXT NOT NULL DEFAULT '';
ALTER TABLE installations ADD COLUMN removed_at TEXT NOT NULL DEFAULT '';

-- Messages to send, written in the same transaction as the change that
-- causes them, delivered in the background until they land or give up.
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY NOT NULL, -- the webhook-id: deliveries are idempotent by it
    kind            TEXT NOT NULL CHECK (kind IN ('deauthorization', 'revocation')),
    installation_id INTEGER NOT NULL,
    listing_id      TEXT NOT NULL,
    url             TEXT NOT NULL, -- "sandbox:/path" resolves to the running sandbox server
    body            TEXT NOT NULL,
    -- The feed's signing secret for deauthorization notices (it came from
    -- the feed, like the rest of the listing); '' for revocations.
    signing_secret  TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    delivered_at    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

-- What the sandbox received as the developer of the embedded apps.
CREATE TABLE sandbox_notices (
    webhook_id  TEXT PRIMARY KEY NOT NULL,
    listing_id  TEXT NOT NULL,
    received_at TEXT NOT NULL,
    verified    INTEGER NOT NULL,
    body        TEXT NOT NULL
) STRICT;
