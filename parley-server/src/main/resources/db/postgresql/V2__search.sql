-- Full-text search on PostgreSQL: words and prefixes, case-folded, no stemming (SQLite's
-- unicode61 alike). The GIN index is kept at commit, cheaply, so PostgreSQL needs none of
-- SQLite's off-commit indexing (message/SearchIndexer) or its state table.
CREATE INDEX messages_text_search ON messages USING gin (to_tsvector('simple', text));
