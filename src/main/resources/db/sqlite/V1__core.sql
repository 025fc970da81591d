-- Parley core schema (SQLite). Times are epoch milliseconds; ids are opaque text.
-- Kept in step with ../postgresql/V1__core.sql: same tables, columns and keys.

CREATE TABLE accounts (
    id             TEXT PRIMARY KEY,
    handle         TEXT NOT NULL UNIQUE,           -- stored lower-case
    display_name   TEXT NOT NULL,
    preferred_name TEXT,
    kind           TEXT NOT NULL,                  -- person | business
    verified       INTEGER NOT NULL DEFAULT 0,
    password_hash  TEXT,                           -- null for businesses: agents sign in for them
    dm_policy      TEXT NOT NULL,
    read_receipts  INTEGER NOT NULL,
    hidden_words   TEXT NOT NULL DEFAULT '[]',
    is_admin       INTEGER NOT NULL DEFAULT 0,
    suspended      INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    created_at INTEGER NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE follows (
    follower_id TEXT NOT NULL REFERENCES accounts (id),
    followee_id TEXT NOT NULL REFERENCES accounts (id),
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX follows_followee ON follows (followee_id);

CREATE TABLE likes (
    account_id  TEXT NOT NULL REFERENCES accounts (id),
    business_id TEXT NOT NULL REFERENCES accounts (id),
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (account_id, business_id)
);

CREATE TABLE blocks (
    blocker_id TEXT NOT NULL REFERENCES accounts (id),
    blocked_id TEXT NOT NULL REFERENCES accounts (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);
CREATE INDEX blocks_blocked ON blocks (blocked_id);

CREATE TABLE business_agents (
    business_id TEXT NOT NULL REFERENCES accounts (id),
    account_id  TEXT NOT NULL REFERENCES accounts (id),
    role        TEXT NOT NULL,                     -- owner | admin | agent
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (business_id, account_id)
);
CREATE INDEX business_agents_account ON business_agents (account_id);

CREATE TABLE conversations (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,                      -- direct | group
    title      TEXT,
    direct_key TEXT UNIQUE,                        -- "smaller id|larger id" for direct ones
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    last_seq   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE conversation_members (
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    account_id      TEXT NOT NULL REFERENCES accounts (id),
    role            TEXT NOT NULL,                 -- admin | member
    folder          TEXT NOT NULL,                 -- inbox | requests | declined
    read_seq        INTEGER NOT NULL DEFAULT 0,
    muted           INTEGER NOT NULL DEFAULT 0,
    joined_at       INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, account_id)
);
CREATE INDEX conversation_members_account ON conversation_members (account_id);

-- A message is addressed by (conversation_id, seq); its public id is derived from both, so the
-- table can be distributed by conversation without a global unique index.
CREATE TABLE messages (
    conversation_id TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    sender_id       TEXT NOT NULL,
    agent_id        TEXT,                          -- the person who wrote it for a business
    client_id       TEXT NOT NULL,
    text            TEXT NOT NULL,
    reply_to        TEXT,
    created_at      INTEGER NOT NULL,
    edited_at       INTEGER,
    deleted         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (conversation_id, seq),
    UNIQUE (conversation_id, sender_id, client_id)
);

CREATE TABLE reactions (
    conversation_id TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    account_id      TEXT NOT NULL,
    emoji           TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, seq, account_id, emoji)
);

-- Each account numbers its own events; see event/EventStore for why a token is per account.
CREATE TABLE event_counters (
    account_id     TEXT PRIMARY KEY,
    last_token     INTEGER NOT NULL DEFAULT 0,
    pruned_through INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE events (
    account_id      TEXT NOT NULL,
    token           INTEGER NOT NULL,
    type            TEXT NOT NULL,
    conversation_id TEXT,
    seq             INTEGER,
    at              INTEGER NOT NULL,
    data            TEXT NOT NULL,
    PRIMARY KEY (account_id, token)
);
CREATE INDEX events_at ON events (at);

-- Full-text search: words and prefixes, case-folded, no stemming (PostgreSQL's 'simple' alike).
CREATE VIRTUAL TABLE messages_fts USING fts5(
    text, content = 'messages', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 0');
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO messages_fts (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
