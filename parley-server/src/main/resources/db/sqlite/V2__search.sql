-- Full-text search on SQLite: words and prefixes, case-folded, no stemming (PostgreSQL's 'simple'
-- alike). Indexing stays off the commit path: message/SearchIndexer indexes new messages in
-- batches after they commit, remembering how far it got (search_index_state); these triggers keep
-- the index right on edits and deletes of rows already indexed, and rows past the mark are indexed
-- later with their text at that time.
CREATE VIRTUAL TABLE messages_fts USING fts5(
    text, content = 'messages', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 0');

CREATE TABLE search_index_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_through INTEGER NOT NULL                -- the newest messages.rowid in messages_fts
);
INSERT INTO search_index_state (id, indexed_through) VALUES (1, 0);

CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages
WHEN old.rowid <= (SELECT indexed_through FROM search_index_state WHERE id = 1) BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO messages_fts (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
WHEN old.rowid <= (SELECT indexed_through FROM search_index_state WHERE id = 1) BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
