-- 0007: re-certification of pre-approvals that expire (server/reminders).
-- Once a day each account's managers hear, in their chat channel, which
-- pre-approvals lapse within a week; when one lapses, desktops are told to
-- refresh. This table remembers what was already said, so neither is
-- repeated: a row per pre-approval, expiry and kind. A pre-approval renewed
-- with a new expires_at is a new window and is reminded about again.
CREATE TABLE approval_reminders (
    preapproval_id BIGINT NOT NULL REFERENCES preapprovals (id) ON DELETE CASCADE,
    expires_at     TIMESTAMPTZ NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('expiring', 'lapsed')),
    account_id     BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    sent_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (preapproval_id, expires_at, kind)
);

-- When each account's daily reminder is next due. Replicas claim a due row
-- with FOR UPDATE SKIP LOCKED, so one of them sends it.
CREATE TABLE reminder_schedule (
    account_id BIGINT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    due_at     TIMESTAMPTZ NOT NULL
);
