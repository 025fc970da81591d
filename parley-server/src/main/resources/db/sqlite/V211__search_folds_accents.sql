-- Search without accents: "cafe" finds "café", "zurich" finds "Zürich" (PostgreSQL: V211's
-- parley_fold). The index is made again with FTS5's unicode61 folding diacritics
-- (remove_diacritics 2) and starts empty: message/SearchIndexer fills it again from the first
-- message, in batches, as it indexes new ones (a search meanwhile waits for it to catch up, once).
-- The triggers are V210's, made again since they name the table.
DROP TRIGGER messages_fts_update;
DROP TRIGGER messages_fts_delete;
DROP TABLE messages_fts;

CREATE VIRTUAL TABLE messages_fts USING fts5(
    text, content = 'messages', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2');
UPDATE search_index_state SET indexed_through = 0 WHERE id = 1;

CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages
WHEN old.author_kind <> 'system'
 AND old.rowid <= (SELECT indexed_through FROM search_index_state WHERE id = 1) BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO messages_fts (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
WHEN old.author_kind <> 'system'
 AND old.rowid <= (SELECT indexed_through FROM search_index_state WHERE id = 1) BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
