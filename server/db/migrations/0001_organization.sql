-- 0001: the organization's accounts, their users (signed in through the
-- organization's SSO) and the audit log.
--
-- Migrations are applied in order, each in its own transaction, under a
-- PostgreSQL advisory lock (see server/db/migrate.go). Never edit a released
-- migration: add the next file.

CREATE TABLE accounts (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                TEXT NOT NULL CHECK (name <> ''),
    require_preapproval BOOLEAN NOT NULL DEFAULT TRUE,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A person in an account. Identity comes from the organization's OpenID
-- Connect provider: (issuer, subject) is the stable key, never the email,
-- which people and IdPs change.
CREATE TABLE users (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id          BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    issuer              TEXT NOT NULL CHECK (issuer <> ''),
    subject             TEXT NOT NULL CHECK (subject <> ''),
    email               TEXT NOT NULL DEFAULT '',
    name                TEXT NOT NULL DEFAULT '',
    role                TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    -- granted to admins; owners always manage (DESIGN.md)
    marketplace_manager BOOLEAN NOT NULL DEFAULT FALSE,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (account_id, issuer, subject),
    CHECK (role <> 'owner' OR marketplace_manager),
    CHECK (role <> 'member' OR NOT marketplace_manager)
);

-- Every change, written in the same transaction as the change. The actor's
-- name and email are copied so the entry stays readable after the user is
-- removed.
CREATE TABLE audit_log (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id  BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor_id    BIGINT REFERENCES users (id) ON DELETE SET NULL,
    actor_name  TEXT NOT NULL,
    actor_email TEXT NOT NULL,
    action      TEXT NOT NULL,
    target      TEXT NOT NULL,
    details     JSONB NOT NULL DEFAULT '{}',
    request_id  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_account_at ON audit_log (account_id, at, id);
