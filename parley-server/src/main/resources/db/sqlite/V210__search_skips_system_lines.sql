-- System lines ("Ann renamed the group", V198) are never put in the full-text index
-- (message/SearchIndexer leaves them out), but V2's triggers still asked the index to forget the
-- old text of any indexed-range row that changed. Forgetting text the index never held makes
-- FTS5 answer SQLITE_CORRUPT_VTAB, so rewriting a system line failed: an erasure that blanks the
-- erased account's name in a group's lines failed on every retry and never finished. The
-- triggers now skip system lines, as the indexer does.
DROP TRIGGER messages_fts_update;
DROP TRIGGER messages_fts_delete;

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
