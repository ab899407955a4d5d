-- Card columns, in the order catalog.cardFrom* expects them.

-- name: SearchListings :many
-- Full-text search. match is an FTS5 query built by catalog.matchQuery (user
-- text never reaches FTS5 syntax); name_match restricts it to names, so that
-- with sort = 'relevance' name matches come first, then bm25 rank. The sort
-- keys are computed in the select list: sqlc does not bind parameters that
-- appear only in ORDER BY.
SELECT l.rowid, l.id, l.name, l.developer_name, l.developer_verified, l.summary, l.icon_url, l.categories,
       l.type, l.installs, l.rating, l.rating_count, l.updated_at, l.no_longer_listed,
       CAST(CASE CAST(sqlc.arg(sort) AS TEXT)
         WHEN 'relevance' THEN (l.rowid NOT IN (SELECT n.rowid FROM listings_fts(CAST(sqlc.arg(name_match) AS TEXT)) n)) * 1000000.0 + f.rank
         WHEN 'popularity' THEN -l.installs
         WHEN 'rating' THEN -l.rating
         WHEN 'newest' THEN -unixepoch(l.updated_at)
         ELSE 0 END AS REAL) AS sort_key
FROM listings_fts(CAST(sqlc.arg(match) AS TEXT)) f
JOIN listings l ON l.rowid = f.rowid
WHERE (CAST(sqlc.arg(type) AS TEXT) = '' OR l.type = sqlc.arg(type))
  AND (CAST(sqlc.arg(category) AS TEXT) = '' OR EXISTS (
        SELECT 1 FROM listing_categories c WHERE c.category = sqlc.arg(category) AND c.listing_rowid = l.rowid))
  AND (CAST(sqlc.arg(approved_for) AS INTEGER) = 0 OR EXISTS (
        SELECT 1 FROM approvals a WHERE a.listing_id = l.id AND (a.scope = 'account' OR (a.scope = 'users' AND EXISTS (
            SELECT 1 FROM approval_users au WHERE au.listing_id = a.listing_id AND au.user_id = sqlc.arg(approved_for))))))
ORDER BY sort_key, l.name_key
LIMIT sqlc.arg(lim) OFFSET sqlc.arg(off);

-- name: CountSearch :one
SELECT count(*)
FROM listings_fts(CAST(sqlc.arg(match) AS TEXT)) f
JOIN listings l ON l.rowid = f.rowid
WHERE (CAST(sqlc.arg(type) AS TEXT) = '' OR l.type = sqlc.arg(type))
  AND (CAST(sqlc.arg(category) AS TEXT) = '' OR EXISTS (
        SELECT 1 FROM listing_categories c WHERE c.category = sqlc.arg(category) AND c.listing_rowid = l.rowid))
  AND (CAST(sqlc.arg(approved_for) AS INTEGER) = 0 OR EXISTS (
        SELECT 1 FROM approvals a WHERE a.listing_id = l.id AND (a.scope = 'account' OR (a.scope = 'users' AND EXISTS (
            SELECT 1 FROM approval_users au WHERE au.listing_id = a.listing_id AND au.user_id = sqlc.arg(approved_for))))));

-- name: BrowseListings :many
SELECT l.rowid, l.id, l.name, l.developer_name, l.developer_verified, l.summary, l.icon_url, l.categories,
       l.type, l.installs, l.rating, l.rating_count, l.updated_at, l.no_longer_listed,
       CAST(CASE CAST(sqlc.arg(sort) AS TEXT)
         WHEN 'rating' THEN -l.rating
         WHEN 'newest' THEN -unixepoch(l.updated_at)
         WHEN 'name' THEN 0
         ELSE -l.installs END AS REAL) AS sort_key
FROM listings l
WHERE (CAST(sqlc.arg(type) AS TEXT) = '' OR l.type = sqlc.arg(type))
  AND (CAST(sqlc.arg(category) AS TEXT) = '' OR EXISTS (
        SELECT 1 FROM listing_categories c WHERE c.category = sqlc.arg(category) AND c.listing_rowid = l.rowid))
  AND (CAST(sqlc.arg(approved_for) AS INTEGER) = 0 OR EXISTS (
        SELECT 1 FROM approvals a WHERE a.listing_id = l.id AND (a.scope = 'account' OR (a.scope = 'users' AND EXISTS (
            SELECT 1 FROM approval_users au WHERE au.listing_id = a.listing_id AND au.user_id = sqlc.arg(approved_for))))))
ORDER BY sort_key, l.name_key
LIMIT sqlc.arg(lim) OFFSET sqlc.arg(off);

-- name: CountBrowse :one
SELECT count(*)
FROM listings l
WHERE (CAST(sqlc.arg(type) AS TEXT) = '' OR l.type = sqlc.arg(type))
  AND (CAST(sqlc.arg(category) AS TEXT) = '' OR EXISTS (
        SELECT 1 FROM listing_categories c WHERE c.category = sqlc.arg(category) AND c.listing_rowid = l.rowid))
  AND (CAST(sqlc.arg(approved_for) AS INTEGER) = 0 OR EXISTS (
        SELECT 1 FROM approvals a WHERE a.listing_id = l.id AND (a.scope = 'account' OR (a.scope = 'users' AND EXISTS (
            SELECT 1 FROM approval_users au WHERE au.listing_id = a.listing_id AND au.user_id = sqlc.arg(approved_for))))));

-- name: PopularListings :many
SELECT l.rowid, l.id, l.name, l.developer_name, l.developer_verified, l.summary, l.icon_url, l.categories,
       l.type, l.installs, l.rating, l.rating_count, l.updated_at, l.no_longer_listed
FROM listings l
WHERE l.no_longer_listed = 0
ORDER BY l.installs DESC, l.rating DESC
LIMIT ?;

-- name: RecentlyUpdatedListings :many
SELECT l.rowid, l.id, l.name, l.developer_name, l.developer_verified, l.summary, l.icon_url, l.categories,
       l.type, l.installs, l.rating, l.rating_count, l.updated_at, l.no_longer_listed
FROM listings l
WHERE l.no_longer_listed = 0
ORDER BY l.updated_at DESC
LIMIT ?;

-- name: CategoryCounts :many
SELECT category, count(*) AS listings
FROM listing_categories
GROUP BY category
ORDER BY category;

-- name: CountListings :one
SELECT count(*) FROM listings;

-- name: GetListing :one
SELECT l.rowid, l.id, l.name, l.developer_name, l.developer_website, l.developer_verified, l.summary,
       l.description, l.icon_url, l.categories, l.type, l.details, l.installs, l.rating, l.rating_count,
       l.version, l.published_at, l.updated_at, l.no_longer_listed, s.name AS source_name, s.location AS source_location
FROM listings l
JOIN catalog_sources s ON s.id = l.source_id
WHERE l.id = ?;

