-- 0006: what the server needs to sign and deliver deauthorization notices and
-- to post to an account's chat webhook (server/notices). The delivery queue
-- itself is River's (river_job and friends), created by River's own migrator
-- right after these migrations, under the same advisory lock
-- (notices.Migrate, docs/server-notices.md).

-- The signing secret of each app's notices, per account. It stays on the
-- server: no route reads this column back, and jobs carry no secret (the
-- worker reads it when it signs). During a rotation the previous secret also
-- signs until previous_until, so the developer can switch at any moment of
-- that window.
CREATE TABLE notice_secrets (
    account_id      BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    app_id          TEXT NOT NULL CHECK (app_id <> ''),
    secret          TEXT NOT NULL CHECK (secret LIKE 'whsec\_%'),
    previous_secret TEXT CHECK (previous_secret LIKE 'whsec\_%'),
    previous_until  TIMESTAMPTZ,
    set_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    set_by          BIGINT REFERENCES users (id) ON DELETE SET NULL,
    PRIMARY KEY (account_id, app_id),
    CHECK ((previous_secret IS NULL) = (previous_until IS NULL))
);

-- The incoming-webhook URL of a Slack or Teams channel that hears about new
-- requests and decisions. Such a URL is a credential (whoever has it can
-- post), so routes show only its host.
CREATE TABLE chat_webhooks (
    account_id BIGINT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    url        TEXT NOT NULL CHECK (url LIKE 'https://%'),
    set_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    set_by     BIGINT REFERENCES users (id) ON DELETE SET NULL
);
