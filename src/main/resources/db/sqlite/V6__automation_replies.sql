-- Automatic replies (issue 7): per-business settings, FAQ entries, and per-conversation bot state.

CREATE TABLE automation_settings (
    business_id TEXT PRIMARY KEY,
    settings    TEXT NOT NULL                 -- JSON, see automation/AutomationSettings
);

CREATE TABLE faq_entries (
    id          TEXT PRIMARY KEY,
    business_id TEXT NOT NULL,
    question    TEXT NOT NULL,
    answer      TEXT NOT NULL,
    keywords    TEXT NOT NULL DEFAULT '[]',
    created_at  INTEGER NOT NULL
);
CREATE INDEX faq_entries_business ON faq_entries (business_id, created_at);

-- What the automatic replies have done in a conversation, so each happens once, and whether the
-- FAQ bot handed it to a person (then it stays silent until an agent gives it back).
CREATE TABLE bot_state (
    conversation_id TEXT PRIMARY KEY,
    business_id     TEXT NOT NULL,
    instant_sent    INTEGER NOT NULL DEFAULT 0,
    away_period     INTEGER,                  -- start of the closed period the away message was sent in
    bot_spoke       INTEGER NOT NULL DEFAULT 0,
    misses          INTEGER NOT NULL DEFAULT 0,
    handed_off      INTEGER NOT NULL DEFAULT 0,
    seen_seq        INTEGER NOT NULL DEFAULT 0        -- the last customer message automation has handled
);
