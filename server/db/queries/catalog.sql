-- Catalog sources, their listings, the merged feed's revision (0003).

-- name: ListCatalogSources :many
SELECT id, account_id, location, name, etag, last_modified, listing_count, last_sync_at, last_success_at,
       last_error, added_by, created_at
FROM catalog_sources WHERE account_id = $1 ORDER BY id;

-- name: GetCatalogSource :one
SELECT id, account_id, location, name, etag, last_modified, listing_count, last_sync_at, last_success_at,
       last_error, added_by, created_at
FROM catalog_sources WHERE account_id = $1 AND id = $2;

-- LockCatalogSource serialises syncs of one source across replicas.
-- name: LockCatalogSource :one
SELECT id, account_id, location, name, etag, last_modified, listing_count, last_sync_at, last_success_at,
       last_error, added_by, created_at
FROM catalog_sources WHERE account_id = $1 AND id = $2 FOR UPDATE;

-- name: CatalogSourceExists :one
SELECT EXISTS (SELECT 1 FROM catalog_sources WHERE account_id = $1 AND location = $2);

-- name: InsertCatalogSource :one
INSERT INTO catalog_sources (account_id, location, added_by) VALUES ($1, $2, $3)
RETURNING id, account_id, location, name, etag, last_modified, listing_count, last_sync_at, last_success_at,
          last_error, added_by, created_at;

-- name: DeleteCatalogSource :execrows
DELETE FROM catalog_sources WHERE account_id = $1 AND id = $2;

-- name: RecordCatalogSync :exec
UPDATE catalog_sources
SET name = $2, etag = $3, last_modified = $4, listing_count = $5,
    last_sync_at = now(), last_success_at = now(), last_error = ''
WHERE id = $1;

-- name: RecordCatalogUnchanged :exec
UPDATE catalog_sources SET last_sync_at = now(), last_success_at = now(), last_error = '' WHERE id = $1;

-- name: RecordCatalogSyncFailure :exec
UPDATE catalog_sources SET last_sync_at = now(), last_error = $2 WHERE id = $1;

-- name: ListSourceListingHashes :many
SELECT id, content_hash, position FROM catalog_listings WHERE source_id = $1;

-- name: DeleteSourceListings :exec
DELETE FROM catalog_listings WHERE source_id = $1;

-- An id another source already lists is not inserted (no row affected).
-- name: InsertCatalogListing :execrows
INSERT INTO catalog_listings (account_id, id, source_id, position, content, content_hash)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (account_id, id) DO NOTHING;

-- name: CatalogListingSource :one
SELECT s.location FROM catalog_listings l JOIN catalog_sources s ON s.id = l.source_id
WHERE l.account_id = $1 AND l.id = $2;

-- name: EnsureCatalogRevision :exec
INSERT INTO catalog_revisions (account_id, digest) VALUES ($1, encode(sha256(''::bytea), 'hex'))
ON CONFLICT (account_id) DO NOTHING;

-- LockCatalogRevision serialises the changes of one account's catalog, so
-- revisions follow commits one by one.
-- name: LockCatalogRevision :one
SELECT revision, digest FROM catalog_revisions WHERE account_id = $1 FOR UPDATE;

-- BumpCatalogRevision recomputes the digest of the merged feed's listings
-- (in feed order: sources as added, listings as in their feed) and moves to
-- the next revision when it changed; no row when nothing changed.
-- name: BumpCatalogRevision :one
WITH d AS (
    SELECT encode(sha256(convert_to(coalesce(string_agg(content_hash, ',' ORDER BY source_id, position), ''), 'UTF8')), 'hex') AS digest
    FROM catalog_listings WHERE account_id = $1
)
UPDATE catalog_revisions r SET revision = r.revision + 1, digest = d.digest, changed_at = now()
FROM d WHERE r.account_id = $1 AND r.digest <> d.digest
RETURNING r.revision, r.digest;

-- name: GetCatalogRevision :one
SELECT revision, digest FROM catalog_revisions WHERE account_id = $1;

-- name: ListCatalogListings :many
SELECT content FROM catalog_listings WHERE account_id = $1 ORDER BY source_id, position;

-- Installations (0003).

-- Upsert; no row when the installation is already recorded as it is.
-- name: UpsertInstallation :one
INSERT INTO installations (account_id, user_id, app_id, scope, version)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (account_id, user_id, app_id) DO UPDATE
SET scope = EXCLUDED.scope, version = EXCLUDED.version, updated_at = now()
WHERE (installations.scope, installations.version) IS DISTINCT FROM (EXCLUDED.scope, EXCLUDED.version)
RETURNING account_id, user_id, app_id, scope, version, installed_at, updated_at, (xmax = 0)::boolean AS created;

-- name: GetInstallation :one
SELECT account_id, user_id, app_id, scope, version, installed_at, updated_at
FROM installations WHERE account_id = $1 AND user_id = $2 AND app_id = $3;

-- name: DeleteInstallation :one
DELETE FROM installations WHERE account_id = $1 AND user_id = $2 AND app_id = $3
RETURNING account_id, user_id, app_id, scope, version, installed_at, updated_at;

-- name: ListInstallations :many
SELECT i.user_id, u.name AS user_name, u.email AS user_email, i.app_id, i.scope, i.version, i.installed_at, i.updated_at
FROM installations i JOIN users u ON u.id = i.user_id
WHERE i.account_id = sqlc.arg(account_id)
  AND (sqlc.narg(app_id)::text IS NULL OR i.app_id = sqlc.narg(app_id))
  AND (sqlc.narg(user_id)::bigint IS NULL OR i.user_id = sqlc.narg(user_id)
       OR (sqlc.arg(with_account_apps)::boolean AND i.scope = 'account'))
ORDER BY i.app_id, lower(u.name), i.user_id
LIMIT sqlc.arg(max_rows);

-- ClaimDueCatalogSource takes the source synced longest ago, if that was
-- before $1, and marks it as syncing now, so that replicas running the
-- schedule together each take a different one.
-- name: ClaimDueCatalogSource :one
UPDATE catalog_sources c SET last_sync_at = now()
WHERE c.id = (
    SELECT s.id FROM catalog_sources s
    WHERE s.last_sync_at IS NULL OR s.last_sync_at < sqlc.arg(due_before)::timestamptz
    ORDER BY s.last_sync_at NULLS FIRST, s.id
    LIMIT 1 FOR UPDATE SKIP LOCKED
)
RETURNING c.id, c.account_id;

-- ForgetCatalogValidators makes the next sync of every source of the
-- account fetch its feed whole: after a removal, ids another source was
-- refused for are free, and a feed server's 304 would hide them.
-- name: ForgetCatalogValidators :exec
UPDATE catalog_sources SET etag = '', last_modified = '' WHERE account_id = $1;

-- name: ListingNoticeURL :one
-- The listing's deauthorization_url (the developer's notice receiver), ''
-- when it has none or the listing left the catalog.
SELECT coalesce((SELECT (content::jsonb)->>'deauthorization_url' FROM catalog_listings
                  WHERE account_id = $1 AND id = $2), '')::text AS url;
