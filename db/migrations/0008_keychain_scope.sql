-- 0008: a random id of this database, created once, that scopes its keychain
-- items. Keychain items used to be named installation/{id}/... for every data
-- directory, and ids start at 1 in each database, so two data directories
-- overwrote, used and deleted each other's tokens. The id travels with the
-- file: a copy of a data directory is the same data and reaches the same items.
INSERT INTO settings (key, value, updated_at)
VALUES ('keychain_scope', lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
ON CONFLICT (key) DO NOTHING;
