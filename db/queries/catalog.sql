-- Full-text search. Every match string is built by catalog.Searcher from
-- catalog.matchQuery (user text never reaches FTS5 syntax) and the facet
-- tokens of 0006_search.sql, so that the type and category filters are
-- answered by the index itself: no listing row is read per match, only the
-- rows of the page (ListingCards). The "pre-approved for me" filter reads the
-- approvals of each match; it is rarely on and approvals are few.
-- The relevance order (exact name, name words, bm25, stemmed words) is not
-- here: its tiers are built per query in app/catalog/rank.go and run through
-- catalog.preparedReader.

-- name: SearchSorted :many
-- A page of matches in an order of the listing (popularity, rating, newest,
-- name): reads the sort columns of every match. The sort key is computed in
-- the select list: sqlc does not bind parameters that appear only in ORDER BY.
SELECT CAST(f.rowid AS INTEGER) AS listing_rowid,
       CAST(CASE CAST(sqlc.arg(sort) AS TEXT)
         WHEN 'popularity' THEN -l.installs
         WHEN 'rating' THEN -(l.rating * l.rating_count + 3.5 * 20) / (l.rating_count + 20)
         WHEN 'newest' THEN -unixepoch(l.updated_at)
         ELSE 0 END AS REAL) AS sort_key
FROM listings_fts(CAST(sqlc.arg(match) AS TEXT)) f
JOIN listings l ON l.rowid = f.rowid
WHERE 1 = 1
  AND (CAST(sqlc.arg(approved_for) AS INTEGER) = 0 OR EXISTS (
        SELECT 1 FROM listings l JOIN approvals_in_force a ON a.listing_id = l.id
        WHERE l.rowid = f.rowid AND (a.scope = 'account' OR (a.scope = 'users' AND EXISTS (
            SELECT 1 FROM approval_users au WHERE au.listing_id = a.listing_id AND au.user_id = sqlc.arg(approved_for))))))
  AND (CAST(sqlc.arg(installed_for) AS INTEGER) = 0 OR EXISTS (
        SELECT 1 FROM listings li JOIN installations i ON i.listing_id = li.id
        WHERE li.rowid = f.rowid AND i.status NOT IN ('failed', 'removed')
          AND (i.level = 'account' OR i.user_id = sqlc.arg(installed_for))))
ORDER BY sort_key, l.name_key
LIMIT sqlc.arg(lim) OFFSET sqlc.arg(off);

-- name: CountSearch :one
-- Reads the index only (and approvals when that filter is on).
SELECT count(*)
FROM listings_fts(CAST(sqlc.arg(match) AS TEXT)) f
WHERE 1 = 1
  AND (CAST(sqlc.arg(approved_for) AS INTEGER) = 0 OR EXISTS (
        SELECT 1 FROM listings l JOIN approvals_in_force a ON a.listing_id = l.id
        WHERE l.rowid = f.rowid AND (a.scope = 'account' OR (a.scope = 'users' AND EXISTS (
            SELECT 1 FROM approval_users au WHERE au.listing_id = a.listing_id AND au.user_id = sqlc.arg(approved_for))))))
  AND (CAST(sqlc.arg(installed_for) AS INTEGER) = 0 OR EXISTS (
        SELECT 1 FROM listings li JOIN installations i ON i.listing_id = li.id
        WHERE li.rowid = f.rowid AND i.status NOT IN ('failed', 'removed')
          AND (i.level = 'account' OR i.user_id = sqlc.arg(installed_for))));

-- name: ListingCards :many
-- The cards of a page of search results, by rowid (a JSON array); the caller
-- puts them in the page's order.
SELECT l.rowid, l.id, l.name, l.developer_name, l.developer_verified, l.summary, l.icon_url, l.categories,
       l.type, l.installs, l.rating, l.rating_count, l.updated_at, l.no_longer_listed
FROM listings l
WHERE l.rowid IN (SELECT j.value FROM json_each(CAST(sqlc.arg(rowids) AS TEXT)) j);

-- name: BrowseListings :many
-- The rating order is a Bayesian average (docs/catalog-feed.md, "Rating
-- order"): (rating * count + 3.5 * 20) / (count + 20), so that a few
-- ratings weigh little against thousands.
SELECT l.rowid, l.id, l.name, l.developer_name, l.developer_verified, l.summary, l.icon_url, l.categories,
       l.type, l.installs, l.rating, l.rating_count, l.updated_at, l.no_longer_listed,
       CAST(CASE CAST(sqlc.arg(sort) AS TEXT)
         WHEN 'rating' THEN -(l.rating * l.rating_count + 3.5 * 20) / (l.rating_count + 20)
         WHEN 'newest' THEN -unixepoch(l.updated_at)
         WHEN 'name' THEN 0
         ELSE -l.installs END AS REAL) AS sort_key
FROM listings l
WHERE (CAST(sqlc.arg(type) AS TEXT) = '' OR l.type = sqlc.arg(type))
  AND (CAST(sqlc.arg(developer) AS TEXT) = '' OR (
        l.developer_key = sqlc.arg(developer_key) AND l.developer_name = sqlc.arg(developer)))
  AND (CAST(sqlc.arg(category) AS TEXT) = '' OR EXISTS (
        SELECT 1 FROM listing_categories c WHERE c.category = sqlc.arg(category) AND c.listing_rowid = l.rowid))
  AND (CAST(sqlc.arg(approved_for) AS INTEGER) = 0 OR EXISTS (
        SELECT 1 FROM approvals_in_force a WHERE a.listing_id = l.id AND (a.scope = 'account' OR (a.scope = 'users' AND EXISTS (
            SELECT 1 FROM approval_users au WHERE au.listing_id = a.listing_id AND au.user_id = sqlc.arg(approved_for))))))
  AND (CAST(sqlc.arg(installed_for) AS INTEGER) = 0 OR EXISTS (
        SELECT 1 FROM installations i
        WHERE i.listing_id = l.id AND i.status NOT IN ('failed', 'removed')
          AND (i.level = 'account' OR i.user_id = sqlc.arg(installed_for))))
ORDER BY sort_key, l.name_key
LIMIT sqlc.arg(lim) OFFSET sqlc.arg(off);

-- name: CountBrowse :one
SELECT count(*)
FROM listings l
WHERE (CAST(sqlc.arg(type) AS TEXT) = '' OR l.type = sqlc.arg(type))
  AND (CAST(sqlc.arg(developer) AS TEXT) = '' OR (
        l.developer_key = sqlc.arg(developer_key) AND l.developer_name = sqlc.arg(developer)))
  AND (CAST(sqlc.arg(category) AS TEXT) = '' OR EXISTS (
        SELECT 1 FROM listing_categories c WHERE c.category = sqlc.arg(category) AND c.listing_rowid = l.rowid))
  AND (CAST(sqlc.arg(approved_for) AS INTEGER) = 0 OR EXISTS (
        SELECT 1 FROM approvals_in_force a WHERE a.listing_id = l.id AND (a.scope = 'account' OR (a.scope = 'users' AND EXISTS (
            SELECT 1 FROM approval_users au WHERE au.listing_id = a.listing_id AND au.user_id = sqlc.arg(approved_for))))))
  AND (CAST(sqlc.arg(installed_for) AS INTEGER) = 0 OR EXISTS (
        SELECT 1 FROM installations i
        WHERE i.listing_id = l.id AND i.status NOT IN ('failed', 'removed')
          AND (i.level = 'account' OR i.user_id = sqlc.arg(installed_for))));

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
       l.version, l.published_at, l.updated_at, l.no_longer_listed, s.name AS source_name, s.location AS source_location,
       la.auth_server, la.auth_scopes
FROM listings l
JOIN catalog_sources s ON s.id = l.source_id
JOIN listing_authorization la ON la.listing_id = l.id
WHERE l.id = ?;


-- name: ExactNameMatches :many
-- Listings whose name or id is exactly what was typed (case aside; ids are
-- lower case), with the search's filters: the relevance order puts them
-- first, Marketdesk-verified developers first among them (feeds cannot claim
-- verified, see 0009).
SELECT CAST(l.rowid AS INTEGER) AS listing_rowid
FROM listings l
WHERE (l.name_key = sqlc.arg(name_key) OR l.id = sqlc.arg(name_key))
  AND (CAST(sqlc.arg(type) AS TEXT) = '' OR l.type = sqlc.arg(type))
  AND (CAST(sqlc.arg(category) AS TEXT) = '' OR EXISTS (
        SELECT 1 FROM listing_categories c WHERE c.category = sqlc.arg(category) AND c.listing_rowid = l.rowid))
  AND (CAST(sqlc.arg(approved_for) AS INTEGER) = 0 OR EXISTS (
        SELECT 1 FROM approvals_in_force a WHERE a.listing_id = l.id AND (a.scope = 'account' OR (a.scope = 'users' AND EXISTS (
            SELECT 1 FROM approval_users au WHERE au.listing_id = a.listing_id AND au.user_id = sqlc.arg(approved_for))))))
  AND (CAST(sqlc.arg(installed_for) AS INTEGER) = 0 OR EXISTS (
        SELECT 1 FROM installations i
        WHERE i.listing_id = l.id AND i.status NOT IN ('failed', 'removed')
          AND (i.level = 'account' OR i.user_id = sqlc.arg(installed_for))))
ORDER BY l.developer_verified DESC, l.installs DESC, l.rowid
LIMIT 20;
