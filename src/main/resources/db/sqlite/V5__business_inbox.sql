-- The business inbox (SQLite): per-conversation state for a business's shared inbox, automatic
-- triage, internal notes and saved replies. Kept in step with ../postgresql/V5__business_inbox.sql.

-- Round-robin order: each automatic assignment gives its agent the business's next turn number;
-- the agent with the lowest (assigned longest ago, or never) is next. A counter, not a time, so
-- two assignments in one millisecond still rotate.
ALTER TABLE business_agents ADD COLUMN assigned_turn INTEGER NOT NULL DEFAULT 0;

CREATE TABLE inbox_settings (
    business_id TEXT PRIMARY KEY REFERENCES accounts (id),
    auto_assign INTEGER NOT NULL,
    agent_cap   INTEGER NOT NULL,                  -- open conversations one agent is given at most
    updated_at  INTEGER NOT NULL
);

-- One row per direct conversation of a business with a customer.
CREATE TABLE inbox_conversations (
    business_id      TEXT NOT NULL REFERENCES accounts (id),
    conversation_id  TEXT NOT NULL REFERENCES conversations (id),
    customer_id      TEXT NOT NULL REFERENCES accounts (id),
    status           TEXT NOT NULL,                -- open | pending | resolved
    status_seq       INTEGER NOT NULL DEFAULT 0,   -- the conversation's last seq when an agent set the status
    assignee_id      TEXT,
    priority         INTEGER NOT NULL DEFAULT 0,   -- 1 while labelled complaint: sorts first
    processed_seq    INTEGER NOT NULL DEFAULT 0,   -- messages up to here were taken in (reopen, triage, assignment)
    last_activity_at INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    PRIMARY KEY (business_id, conversation_id)
);
CREATE INDEX inbox_conversations_order ON inbox_conversations (business_id, status, priority, last_activity_at);
CREATE INDEX inbox_conversations_assignee ON inbox_conversations (business_id, assignee_id, status);

CREATE TABLE inbox_labels (
    business_id     TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    label           TEXT NOT NULL,
    source          TEXT NOT NULL,                 -- triage | agent
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (business_id, conversation_id, label)
);

-- What triage said of each incoming customer message, and what an agent corrected it to.
CREATE TABLE inbox_triage (
    business_id     TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    label           TEXT NOT NULL,
    score           REAL NOT NULL,
    corrected_label TEXT,                          -- set by an agent; a kept example for later triage
    corrected_by    TEXT,
    corrected_at    INTEGER,
    PRIMARY KEY (business_id, conversation_id, seq)
);
CREATE INDEX inbox_triage_corrections ON inbox_triage (business_id, corrected_at);

CREATE TABLE inbox_notes (
    id              TEXT PRIMARY KEY,
    business_id     TEXT NOT NULL REFERENCES accounts (id),
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    author_id       TEXT NOT NULL REFERENCES accounts (id),
    text            TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX inbox_notes_conversation ON inbox_notes (business_id, conversation_id, created_at);

CREATE TABLE saved_replies (
    id          TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES accounts (id),
    shortcut    TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_by  TEXT NOT NULL REFERENCES accounts (id),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (business_id, shortcut)
);
