-- Attachments (issue 18): each upload, its owner (who alone may attach it, once), what the bytes
-- are, and the message it went out with (conversation_id, seq; NULL while unused, when a sweep
-- deletes it after 24 h). position orders a message's attachments.
CREATE TABLE uploads (
    id              TEXT PRIMARY KEY,
    owner_id        TEXT NOT NULL,
    type            TEXT NOT NULL,
    name            TEXT NOT NULL,
    size            ${bigint} NOT NULL,
    width           INTEGER,
    height          INTEGER,
    duration_ms     ${bigint},
    thumbnails      ${boolean} NOT NULL DEFAULT ${false},
    created_at      ${bigint} NOT NULL,
    conversation_id TEXT,
    seq             ${bigint},
    position        INTEGER
);
CREATE INDEX uploads_owner_created ON uploads (owner_id, created_at);
CREATE INDEX uploads_message ON uploads (conversation_id, seq);
CREATE INDEX uploads_created ON uploads (created_at);

-- Secrets every node of a cluster shares, made once by whichever node starts first (the key
-- that signs media URLs).
CREATE TABLE node_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
