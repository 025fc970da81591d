-- Messages a moderator removed: they render as deleted, with removed_by = moderation.
CREATE TABLE moderated_messages (
    conversation_id TEXT NOT NULL,
    seq             ${bigint} NOT NULL,
    removed_at      ${bigint} NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);
