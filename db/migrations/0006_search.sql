-- 0006: search that stays fast on large catalogs (docs/performance.md).
--
-- Filters and the relevance order are answered inside the full-text index,
-- without reading a listing row per match: every listing carries "facets",
-- tokens indexed in their own FTS column, that a search ANDs to what the
-- user typed:
--   0t<type>           0tuser, 0taccount
--   0c<hex of name>    one per category (hex: any category name is one token)
--   0p<digits>         popularity: the number of digits of installs, 1 to 7
-- They start with a digit so that no word a person types is their prefix
-- (user words are restricted to the text columns anyway). The sync writes
-- them (catalog.facetsOf); this migration computes them for the rows there.
ALTER TABLE listings ADD COLUMN facets TEXT NOT NULL DEFAULT '';
UPDATE listings SET facets = '0t' || type || ' 0p' || min(length(CAST(installs AS TEXT)), 7) || coalesce(
    (SELECT group_concat(' 0c' || lower(hex(j.value)), '') FROM json_each(listings.categories) j), '');

-- The index gains the facets column: it is rebuilt from listings.
DROP TRIGGER listings_fts_delete;
DROP TRIGGER listings_fts_update;
DROP TABLE listings_fts;
CREATE VIRTUAL TABLE listings_fts USING fts5 (
    name, developer_name, summary, description, categories, facets,
    content = 'listings', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2'
);
-- Column weights for bm25: a name match counts most; facets not at all.
INSERT INTO listings_fts (listings_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 3.0, 1.0, 2.0, 0.0)');
INSERT INTO listings_fts (listings_fts) VALUES ('rebuild');

-- As in 0002: no insert trigger (catalog.indexNewListings indexes a sync's
-- new rows in one statement).
CREATE TRIGGER listings_fts_delete AFTER DELETE ON listings BEGIN
    INSERT INTO listings_fts (listings_fts, rowid, name, developer_name, summary, description, categories, facets)
    VALUES ('delete', old.rowid, old.name, old.developer_name, old.summary, old.description, old.categories, old.facets);
END;
CREATE TRIGGER listings_fts_update AFTER UPDATE OF name, developer_name, summary, description, categories, facets ON listings BEGIN
    INSERT INTO listings_fts (listings_fts, rowid, name, developer_name, summary, description, categories, facets)
    VALUES ('delete', old.rowid, old.name, old.developer_name, old.summary, old.description, old.categories, old.facets);
    INSERT INTO listings_fts (rowid, name, developer_name, summary, description, categories, facets)
    VALUES (new.rowid, new.name, new.developer_name, new.summary, new.description, new.categories, new.facets);
END;
