-- Search indexing leaves the commit path (issue 4): a full-text insert per message took a large
-- share of the single writer's time. message/SearchIndexer indexes new messages in batches after
-- they commit, remembering how far it got; edits and deletes keep the index right for the rows
-- already indexed, and rows past the mark are indexed later with their text at that time.
DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_update;
DROP TRIGGER messages_fts_delete;

CREATE TABLE search_index_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_through INTEGER NOT NULL                -- the newest messages.rowid in messages_fts
);
INSERT INTO search_index_state (id, indexed_through) VALUES (1, (SELECT COALESCE(MAX(rowid), 0) FROM messages));

CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages
WHEN old.rowid <= (SELECT indexed_through FROM search_index_state WHERE id = 1) BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO messages_fts (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
WHEN old.rowid <= (SELECT indexed_through FROM search_index_state WHERE id = 1) BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
