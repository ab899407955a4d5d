-- 0001: the account-wide settings store. Later migrations add the catalog,
-- accounts, approvals, installations and the outbox.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
