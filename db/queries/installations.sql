-- name: InsertInstallation :execlastid
-- The installation keeps the authorization server it is made with (0009):
-- the source and configuration fingerprint, and the resolved endpoints.
INSERT INTO installations (listing_id, level, user_id, installed_by, installed_by_name, status, requested_scopes, created_at, updated_at,
    source, auth_server, sandbox, issuer, client_id, redirect_path, authorization_endpoint, token_endpoint, revocation_endpoint)
VALUES (?, ?, ?, ?, ?, 'authorizing', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: GetInstallation :one
SELECT * FROM installations WHERE id = ?;

-- name: ActivateInstallation :exec
UPDATE installations SET status = ?, granted_scopes = ?, token_expires_at = ?, last_refresh_at = ?, error = '', updated_at = ?
WHERE id = ?;

-- name: SetInstallationStatus :exec
UPDATE installations SET status = ?, error = ?, updated_at = ? WHERE id = ?;

-- name: RecordTokenRefresh :exec
UPDATE installations SET token_expires_at = ?, last_refresh_at = ?, updated_at = ? WHERE id = ?;

-- name: LiveInstallationFor :one
-- The live installation of an app that user sees: their own, or the account's.
SELECT * FROM installations
WHERE listing_id = sqlc.arg(listing_id) AND status NOT IN ('failed', 'removed')
  AND (level = 'account' OR user_id = sqlc.arg(user_id))
ORDER BY CASE level WHEN 'user' THEN 0 ELSE 1 END
LIMIT 1;

-- name: InstalledFor :many
-- What the Installed page shows a user: their apps and the account's.
SELECT i.*, CAST(coalesce(l.name, i.listing_id) AS TEXT) AS listing_name,
       CAST(coalesce(l.no_longer_listed, 1) AS INTEGER) AS no_longer_listed
FROM installations i
LEFT JOIN listings l ON l.id = i.listing_id
WHERE i.status NOT IN ('failed', 'removed') AND (i.level = 'account' OR i.user_id = ?)
ORDER BY i.level DESC, listing_name;

-- name: StaleAuthorizations :many
-- Installations left mid-authorization by a crash, older than the flow's timeout.
SELECT id FROM installations WHERE status = 'authorizing' AND updated_at < ?;

-- name: ReconnectInstallation :exec
-- A reconnect keeps the installation and takes the listing's current scopes.
UPDATE installations SET status = ?, requested_scopes = ?, granted_scopes = ?, token_expires_at = ?,
    last_refresh_at = ?, error = '', updated_at = ?
WHERE id = ?;

-- name: PinDiscoveredEndpoints :exec
-- An installation made before 0009 with an issuer keeps the endpoints its
-- issuer advertised at first use (later ones are not discovered again).
UPDATE installations SET authorization_endpoint = ?, token_endpoint = ?, revocation_endpoint = ?
WHERE id = ? AND token_endpoint = '';
