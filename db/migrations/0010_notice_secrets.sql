-- 0010: deauthorization notices are signed with a secret a marketplace
-- manager sets per listing (its value lives in the OS keychain, item
-- notice-secret/{listing id}), never with one a feed carries: feeds reach
-- every desktop, so a secret in them let anyone forge notices. See
-- docs/deauthorization.md.

-- Forget the secrets feeds used to carry, in the listing cache and in the
-- outbox: the outbox reads the manager's secret at delivery time. Freed
-- space is zeroed, so the old values do not linger in the file.
PRAGMA secure_delete = ON;
UPDATE listings SET details = json_remove(details, '$.deauthorizationSecret')
WHERE json_extract(details, '$.deauthorizationSecret') IS NOT NULL;
ALTER TABLE outbox DROP COLUMN signing_secret;
PRAGMA secure_delete = OFF;

-- What a notice waits for instead of being tried ('' = nothing):
-- 'signing_secret' until a manager sets the listing's secret. Waiting does
-- not count as a failed attempt.
ALTER TABLE outbox ADD COLUMN waiting_for TEXT NOT NULL DEFAULT '';

-- Which listings have a signing secret, for Settings (never the secret).
CREATE TABLE notice_secrets (
    listing_id     TEXT PRIMARY KEY NOT NULL,
    set_at         TEXT NOT NULL,
    set_by_name    TEXT NOT NULL,
    -- During a rotation the previous secret also signs until then ('' = no
    -- previous secret in use).
    previous_until TEXT NOT NULL DEFAULT ''
) STRICT;
