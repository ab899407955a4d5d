-- Keychain items this database knows, for moving items written before
-- keychain scopes (0008) to their scoped names.

-- name: KeychainLiveInstallations :many
SELECT id FROM installations WHERE status NOT IN ('failed', 'removed') ORDER BY id;

-- name: KeychainSecretSettings :many
SELECT s.installation_id, s.key
FROM installation_settings s JOIN installations i ON i.id = s.installation_id
WHERE i.status NOT IN ('failed', 'removed') AND instr(s.value, '"secret":true') > 0
ORDER BY s.installation_id, s.key;

-- name: KeychainPendingRevocations :many
SELECT body FROM outbox WHERE kind = 'revocation' AND status != 'delivered' ORDER BY id;
