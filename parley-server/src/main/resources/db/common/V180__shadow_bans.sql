-- Shadow bans (issue 19): while one holds (until_at in the future, or null for ever), the account's
-- new messages are stored and shown to itself only. Written with an audit line by a moderator.
CREATE TABLE shadow_bans (
    account_id TEXT PRIMARY KEY,
    until_at   ${bigint},
    reason     TEXT NOT NULL,
    created_at ${bigint} NOT NULL
);

-- Messages only their sender sees (sent under a shadow ban, or caught by a node filter whose action
-- is shadow). A row here is for ever: lifting a ban does not show what was hidden. Every read path
-- other than the sender's leaves these out; no event about them reaches anyone but the sender.
CREATE TABLE shadowed_messages (
    conversation_id TEXT NOT NULL,
    seq             ${bigint} NOT NULL,
    sender_id       TEXT NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);
