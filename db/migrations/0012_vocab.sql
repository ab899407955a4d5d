-- 0012: "Did you mean …?" (catalog.Suggest).
--
-- The words of the search index, per column, with the number of listings
-- each appears in: the suggestion for a typo is the nearest known word
-- (edit distance), the most common among equals. fts5vocab reads the index
-- itself, so it is never out of date and costs no storage.
CREATE VIRTUAL TABLE listings_vocab USING fts5vocab(listings_fts, 'col');
