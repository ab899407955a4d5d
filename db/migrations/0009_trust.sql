-- 0009: who may be trusted, and with what (docs/catalog-feed.md, "Trust").
--
-- Sources: a marketplace manager marks a source trusted; its developers then
-- show as verified (the embedded catalog always is). A feed's own "verified"
-- claim is ignored.
ALTER TABLE catalog_sources ADD COLUMN trusted INTEGER NOT NULL DEFAULT 0;

-- The confusable skeleton of the developer name (catalog.skeleton): a name
-- that looks like a verified developer's from another source is not shown
-- as verified. Written by the sync; '' until the next sync rewrites the row.
ALTER TABLE listings ADD COLUMN developer_key TEXT NOT NULL DEFAULT '';
CREATE INDEX listings_developer_key ON listings (developer_key);

-- developer_verified is now Marketdesk's verdict, not the feed's claim: until
-- a manager trusts a source, only the embedded catalog's developers are.
UPDATE listings SET developer_verified = (
    SELECT CASE WHEN s.kind = 'embedded' THEN 1 ELSE 0 END FROM catalog_sources s WHERE s.id = listings.source_id);
-- The next sync rewrites every row (computing developer_key): forget what
-- made entries and feeds look unchanged.
UPDATE listings SET content_hash = '';
UPDATE catalog_sources SET etag = '', last_modified = '', fingerprint = '';

-- The authorization configuration of each listing, as one canonical JSON
-- text (key order fixed, scope names sorted), computed from the listing
-- itself so that every reader agrees: where it comes from (source), which
-- server and client it authorizes with (auth_server) and what it asks for
-- (auth_scopes). Approvals and installations record these; a change means
-- "changed since approved".
CREATE VIEW listing_authorization AS
SELECT l.id AS listing_id,
       s.location AS source,
       CAST(json_object(
           'sandbox', coalesce(json_extract(l.details, '$.oauth.sandbox'), 0),
           'issuer', coalesce(json_extract(l.details, '$.oauth.issuer'), ''),
           'authorizationEndpoint', coalesce(json_extract(l.details, '$.oauth.authorizationEndpoint'), ''),
           'tokenEndpoint', coalesce(json_extract(l.details, '$.oauth.tokenEndpoint'), ''),
           'revocationEndpoint', coalesce(json_extract(l.details, '$.oauth.revocationEndpoint'), ''),
           'clientId', coalesce(json_extract(l.details, '$.oauth.clientId'), ''),
           'redirectPath', coalesce(json_extract(l.details, '$.oauth.redirectPath'), '')
       ) AS TEXT) AS auth_server,
       CAST(coalesce((SELECT json_group_array(n.name) FROM (
           SELECT json_extract(j.value, '$.name') AS name FROM json_each(l.details, '$.scopes') j ORDER BY 1) n), '[]') AS TEXT) AS auth_scopes
FROM listings l
JOIN catalog_sources s ON s.id = l.source_id;

-- What a manager approved: the source and the authorization configuration.
ALTER TABLE approvals ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE approvals ADD COLUMN auth_server TEXT NOT NULL DEFAULT '';
ALTER TABLE approvals ADD COLUMN auth_scopes TEXT NOT NULL DEFAULT '';
-- Upgrade: today's approvals were given to today's listings (no lockout).
-- An approval of an app that is not in the cache keeps '' and needs a
-- manager's review when the app comes back.
UPDATE approvals SET
    source = coalesce((SELECT la.source FROM listing_authorization la WHERE la.listing_id = approvals.listing_id), ''),
    auth_server = coalesce((SELECT la.auth_server FROM listing_authorization la WHERE la.listing_id = approvals.listing_id), ''),
    auth_scopes = coalesce((SELECT la.auth_scopes FROM listing_authorization la WHERE la.listing_id = approvals.listing_id), '');

-- The approvals that still count: a grant (account or users) whose listing
-- comes from the same source with the same authorization configuration.
-- Blocks always count, whatever the feed changes.
CREATE VIEW approvals_in_force AS
SELECT a.listing_id, a.scope
FROM approvals a
JOIN listing_authorization la ON la.listing_id = a.listing_id
WHERE a.scope IN ('account', 'users')
  AND a.source = la.source AND a.auth_server = la.auth_server AND a.auth_scopes = la.auth_scopes;

-- An installation keeps the authorization server it was installed with:
-- refresh, reconnect and revocation use these, never the feed's current
-- values. The sandbox's endpoints are found at use (its port changes).
ALTER TABLE installations ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE installations ADD COLUMN auth_server TEXT NOT NULL DEFAULT '';
ALTER TABLE installations ADD COLUMN sandbox INTEGER NOT NULL DEFAULT 0;
ALTER TABLE installations ADD COLUMN issuer TEXT NOT NULL DEFAULT '';
ALTER TABLE installations ADD COLUMN client_id TEXT NOT NULL DEFAULT '';
ALTER TABLE installations ADD COLUMN redirect_path TEXT NOT NULL DEFAULT '';
ALTER TABLE installations ADD COLUMN authorization_endpoint TEXT NOT NULL DEFAULT '';
ALTER TABLE installations ADD COLUMN token_endpoint TEXT NOT NULL DEFAULT '';
ALTER TABLE installations ADD COLUMN revocation_endpoint TEXT NOT NULL DEFAULT '';
-- Upgrade: installations made before take their listing's configuration of
-- today. Issuer-based ones keep the issuer and discover its endpoints at use.
UPDATE installations SET
    source = coalesce((SELECT la.source FROM listing_authorization la WHERE la.listing_id = installations.listing_id), ''),
    auth_server = coalesce((SELECT la.auth_server FROM listing_authorization la WHERE la.listing_id = installations.listing_id), ''),
    sandbox = coalesce((SELECT coalesce(json_extract(l.details, '$.oauth.sandbox'), 0) FROM listings l WHERE l.id = installations.listing_id), 0),
    issuer = coalesce((SELECT json_extract(l.details, '$.oauth.issuer') FROM listings l WHERE l.id = installations.listing_id), ''),
    client_id = coalesce((SELECT json_extract(l.details, '$.oauth.clientId') FROM listings l WHERE l.id = installations.listing_id), ''),
    redirect_path = coalesce((SELECT json_extract(l.details, '$.oauth.redirectPath') FROM listings l WHERE l.id = installations.listing_id), ''),
    authorization_endpoint = coalesce((SELECT json_extract(l.details, '$.oauth.authorizationEndpoint') FROM listings l WHERE l.id = installations.listing_id), ''),
    token_endpoint = coalesce((SELECT json_extract(l.details, '$.oauth.tokenEndpoint') FROM listings l WHERE l.id = installations.listing_id), ''),
    revocation_endpoint = coalesce((SELECT json_extract(l.details, '$.oauth.revocationEndpoint') FROM listings l WHERE l.id = installations.listing_id), '');
