-- 0013: search relevance (docs/performance.md, "Relevance").
--
-- Keywords: a feed's search keywords (docs/catalog-feed.md) are kept in the
-- listing's details; the index reads them through this column, computed, so
-- a sync writes nothing more. A JSON array is fine for the tokenizer: the
-- quotes and commas are separators.
ALTER TABLE listings ADD COLUMN keywords TEXT GENERATED ALWAYS AS (coalesce(json_extract(details, '$.keywords'), '')) VIRTUAL;

-- The index gains the keywords column: it is rebuilt from listings.
DROP TRIGGER listings_fts_delete;
DROP TRIGGER listings_fts_update;
DROP TABLE listings_fts;
CREATE VIRTUAL TABLE listings_fts USING fts5 (
    name, keywords, developer_name, summary, description, categories, facets,
    content = 'listings', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2'
);
-- Column weights for bm25: the name counts most, then the keywords (chosen
-- words, few), the developer, the summary; facets not at all.
INSERT INTO listings_fts (listings_fts, rank) VALUES ('rank', 'bm25(10.0, 2.0, 1.0, 4.0, 1.0, 1.0, 0.0)');
INSERT INTO listings_fts (listings_fts) VALUES ('rebuild');
-- listings_vocab (0012) reads listings_fts by name: it reads the new one.

-- Stemming: the same text through the Porter stemmer ("images" and "image"
-- are one word, "editing" and "edit" too), in a second index, so that exact
-- words still rank above words that only share a stem (catalog.Searcher
-- asks it only for what the exact index did not find). Whole words only: no
-- prefix index. Facets again, for the filters.
CREATE VIRTUAL TABLE listings_stem USING fts5 (
    name, keywords, summary, description, categories, facets,
    content = 'listings', content_rowid = 'rowid',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO listings_stem (listings_stem, rank) VALUES ('rank', 'bm25(10.0, 5.0, 3.0, 1.0, 2.0, 0.0)');
INSERT INTO listings_stem (listings_stem) VALUES ('rebuild');

-- As in 0002: no insert trigger (catalog.indexNewListings indexes a sync's
-- new rows in one statement, in both indexes). Keywords live in details, so
-- a change of details re-indexes the row.
CREATE TRIGGER listings_fts_delete AFTER DELETE ON listings BEGIN
    INSERT INTO listings_fts (listings_fts, rowid, name, keywords, developer_name, summary, description, categories, facets)
    VALUES ('delete', old.rowid, old.name, old.keywords, old.developer_name, old.summary, old.description, old.categories, old.facets);
    INSERT INTO listings_stem (listings_stem, rowid, name, keywords, summary, description, categories, facets)
    VALUES ('delete', old.rowid, old.name, old.keywords, old.summary, old.description, old.categories, old.facets);
END;
CREATE TRIGGER listings_fts_update AFTER UPDATE OF name, developer_name, summary, description, categories, facets, details ON listings BEGIN
    INSERT INTO listings_fts (listings_fts, rowid, name, keywords, developer_name, summary, description, categories, facets)
    VALUES ('delete', old.rowid, old.name, old.keywords, old.developer_name, old.summary, old.description, old.categories, old.facets);
    INSERT INTO listings_fts (rowid, name, keywords, developer_name, summary, description, categories, facets)
    VALUES (new.rowid, new.name, new.keywords, new.developer_name, new.summary, new.description, new.categories, new.facets);
    INSERT INTO listings_stem (listings_stem, rowid, name, keywords, summary, description, categories, facets)
    VALUES ('delete', old.rowid, old.name, old.keywords, old.summary, old.description, old.categories, old.facets);
    INSERT INTO listings_stem (rowid, name, keywords, summary, description, categories, facets)
    VALUES (new.rowid, new.name, new.keywords, new.summary, new.description, new.categories, new.facets);
END;
