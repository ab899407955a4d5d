-- 0005: the live-update events (server/events, docs/server-events.md).
--
-- One row per change a desktop must hear about, written in the transaction
-- of the change. The id is the Server-Sent Events id a desktop resumes from
-- (Last-Event-ID). Publishers take a transaction-scoped advisory lock before
-- inserting, so ids become visible in commit order: a replica reading
-- "id > the last one I saw" can never skip a row that commits late.
CREATE TABLE events (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- 0: everyone in the account; otherwise that user and the managers.
    -- No foreign key: an event outlives a removed user until retention.
    user_id    BIGINT NOT NULL DEFAULT 0 CHECK (user_id >= 0),
    kind       TEXT NOT NULL CHECK (kind <> ''),
    data       JSONB NOT NULL DEFAULT '{}',
    at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX events_account_id ON events (account_id, id);
CREATE INDEX events_at ON events (at);

-- How far retention has purged (one row): a desktop resuming from an id at
-- or below it may have missed events and is told to refetch everything.
CREATE TABLE events_retention (
    singleton      BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    purged_through BIGINT NOT NULL DEFAULT 0
);
INSERT INTO events_retention DEFAULT VALUES;
