-- Parley's schema, shared by SQLite and PostgreSQL. Times are epoch milliseconds; ids are opaque
-- text. Column types that differ between the two are Flyway placeholders that store/Dialect fills
-- in: bigint (INTEGER on SQLite, BIGINT on PostgreSQL), boolean (INTEGER | BOOLEAN), false
-- (0 | FALSE) and double (REAL | DOUBLE PRECISION). What truly differs (full-text search) lives in
-- ../sqlite and ../postgresql, as do later migrations (V101 on), one file per database.
--
-- The baseline of V1..V22 before the first release: columns added later by ALTER TABLE are kept
-- at the end of their table, so both databases keep the column order they had.

CREATE TABLE accounts (
    id             TEXT PRIMARY KEY,
    handle         TEXT NOT NULL UNIQUE,           -- stored lower-case
    display_name   TEXT NOT NULL,
    preferred_name TEXT,
    kind           TEXT NOT NULL,                  -- person | business
    verified       ${boolean} NOT NULL DEFAULT ${false},
    password_hash  TEXT,                           -- null for businesses: agents sign in for them
    dm_policy      TEXT NOT NULL,
    read_receipts  ${boolean} NOT NULL,
    hidden_words   TEXT NOT NULL DEFAULT '[]',
    is_admin       ${boolean} NOT NULL DEFAULT ${false},
    suspended      ${boolean} NOT NULL DEFAULT ${false},
    created_at     ${bigint} NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    created_at ${bigint} NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE follows (
    follower_id TEXT NOT NULL REFERENCES accounts (id),
    followee_id TEXT NOT NULL REFERENCES accounts (id),
    created_at  ${bigint} NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX follows_followee ON follows (followee_id);

CREATE TABLE likes (
    account_id  TEXT NOT NULL REFERENCES accounts (id),
    business_id TEXT NOT NULL REFERENCES accounts (id),
    created_at  ${bigint} NOT NULL,
    PRIMARY KEY (account_id, business_id)
);

CREATE TABLE blocks (
    blocker_id TEXT NOT NULL REFERENCES accounts (id),
    blocked_id TEXT NOT NULL REFERENCES accounts (id),
    created_at ${bigint} NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);
CREATE INDEX blocks_blocked ON blocks (blocked_id);

CREATE TABLE business_agents (
    business_id TEXT NOT NULL REFERENCES accounts (id),
    account_id  TEXT NOT NULL REFERENCES accounts (id),
    role        TEXT NOT NULL,                     -- owner | admin | agent
    created_at  ${bigint} NOT NULL,
    -- Round-robin order: each automatic assignment gives its agent the business's next turn number;
    -- the agent with the lowest (assigned longest ago, or never) is next. A counter, not a time, so
    -- two assignments in one millisecond still rotate.
    assigned_turn ${bigint} NOT NULL DEFAULT 0,
    PRIMARY KEY (business_id, account_id)
);
CREATE INDEX business_agents_account ON business_agents (account_id);

CREATE TABLE conversations (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,                      -- direct | group
    title      TEXT,
    direct_key TEXT UNIQUE,                        -- "smaller id|larger id" for direct ones
    created_by TEXT NOT NULL,
    created_at ${bigint} NOT NULL,
    updated_at ${bigint} NOT NULL,
    last_seq   ${bigint} NOT NULL DEFAULT 0
);

CREATE TABLE conversation_members (
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    account_id      TEXT NOT NULL REFERENCES accounts (id),
    role            TEXT NOT NULL,                 -- admin | member
    folder          TEXT NOT NULL,                 -- inbox | requests | declined
    read_seq        ${bigint} NOT NULL DEFAULT 0,
    muted           ${boolean} NOT NULL DEFAULT ${false},
    joined_at       ${bigint} NOT NULL,
    PRIMARY KEY (conversation_id, account_id)
);
CREATE INDEX conversation_members_account ON conversation_members (account_id);

-- A message is addressed by (conversation_id, seq); its public id is derived from both, so the
-- table can be distributed by conversation without a global unique index.
CREATE TABLE messages (
    conversation_id TEXT NOT NULL,
    seq             ${bigint} NOT NULL,
    sender_id       TEXT NOT NULL,
    agent_id        TEXT,                          -- the person who wrote it for a business
    client_id       TEXT NOT NULL,
    text            TEXT NOT NULL,
    reply_to        TEXT,
    created_at      ${bigint} NOT NULL,
    edited_at       ${bigint},
    deleted         ${boolean} NOT NULL DEFAULT ${false},
    -- Written by automation (a bot, an automatic reply, an integration) rather than by a person:
    -- a business's response figures count only the replies people wrote.
    automated       ${boolean} NOT NULL DEFAULT ${false},
    PRIMARY KEY (conversation_id, seq),
    UNIQUE (conversation_id, sender_id, client_id)
);

CREATE TABLE reactions (
    conversation_id TEXT NOT NULL,
    seq             ${bigint} NOT NULL,
    account_id      TEXT NOT NULL,
    emoji           TEXT NOT NULL,
    created_at      ${bigint} NOT NULL,
    PRIMARY KEY (conversation_id, seq, account_id, emoji)
);

-- Each account numbers its own events; see event/EventStore for why a token is per account.
CREATE TABLE event_counters (
    account_id     TEXT PRIMARY KEY,
    last_token     ${bigint} NOT NULL DEFAULT 0,
    pruned_through ${bigint} NOT NULL DEFAULT 0
);

CREATE TABLE events (
    account_id      TEXT NOT NULL,
    token           ${bigint} NOT NULL,
    type            TEXT NOT NULL,
    conversation_id TEXT,
    seq             ${bigint},
    at              ${bigint} NOT NULL,
    data            TEXT NOT NULL,
    PRIMARY KEY (account_id, token)
);
CREATE INDEX events_at ON events (at);

-- Business rules (issue 6): the consent ledger, outreach and promotion logs. Times are epoch ms.

-- Who opted in to a business's promotional messages, when, how, and when they withdrew.
CREATE TABLE consents (
    business_id  TEXT NOT NULL,
    account_id   TEXT NOT NULL,
    granted_at   ${bigint} NOT NULL,
    method       TEXT NOT NULL,
    withdrawn_at ${bigint},
    PRIMARY KEY (business_id, account_id, granted_at)
);
CREATE INDEX consents_account ON consents (account_id);

-- Conversations a business opened, with the first message's fingerprint (the text without the
-- recipient's name), to tell a personal message from a blast.
CREATE TABLE outreach_log (
    business_id  TEXT NOT NULL,
    recipient_id TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    sent_at      ${bigint} NOT NULL
);
CREATE INDEX outreach_log_business ON outreach_log (business_id, sent_at);

-- Promotional messages sent, for the per-customer frequency cap.
CREATE TABLE promotions_log (
    business_id TEXT NOT NULL,
    account_id  TEXT NOT NULL,
    sent_at     ${bigint} NOT NULL
);
CREATE INDEX promotions_log_pair ON promotions_log (business_id, account_id, sent_at);

-- Automation (issue 7): external bots and their webhook deliveries. Times are epoch ms.

-- A business's external bot: where its webhooks go, the secret that signs them, and the hash of
-- the token it replies with.
CREATE TABLE bots (
    id          TEXT PRIMARY KEY,
    business_id TEXT NOT NULL,
    name        TEXT NOT NULL,
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    cursor      ${bigint} NOT NULL,                -- the last business event token handled
    created_at  ${bigint} NOT NULL,
    -- One node at a time delivers a bot's webhooks: the one that claims the lease (a conditional
    -- UPDATE, so exactly one wins) delivers and renews it while it works; when the holder dies the
    -- lease runs out and another node takes over from the cursor. The holder's cursor and
    -- delivery-log writes are conditional on still being lease_owner.
    lease_owner TEXT,
    lease_until ${bigint} NOT NULL DEFAULT 0
);
CREATE INDEX bots_business ON bots (business_id);

-- The delivery log. What to deliver comes from the business's event log after the bot's cursor,
-- so an event committed just before a crash is still delivered after the restart.
CREATE TABLE webhook_deliveries (
    bot_id          TEXT NOT NULL,
    token           ${bigint} NOT NULL,
    event_type      TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL,              -- pending | delivered | failed
    attempts        ${bigint} NOT NULL DEFAULT 0,
    next_attempt_at ${bigint} NOT NULL,
    last_status     ${bigint},
    last_error      TEXT,
    created_at      ${bigint} NOT NULL,
    delivered_at    ${bigint},
    PRIMARY KEY (bot_id, token)
);
CREATE INDEX webhook_deliveries_bot ON webhook_deliveries (bot_id, created_at);

-- The business inbox: per-conversation state for a business's shared inbox, automatic triage,
-- internal notes and saved replies.
CREATE TABLE inbox_settings (
    business_id TEXT PRIMARY KEY REFERENCES accounts (id),
    auto_assign ${boolean} NOT NULL,
    agent_cap   INTEGER NOT NULL,                  -- open conversations one agent is given at most
    updated_at  ${bigint} NOT NULL
);

-- One row per direct conversation of a business with a customer.
CREATE TABLE inbox_conversations (
    business_id      TEXT NOT NULL REFERENCES accounts (id),
    conversation_id  TEXT NOT NULL REFERENCES conversations (id),
    customer_id      TEXT NOT NULL REFERENCES accounts (id),
    status           TEXT NOT NULL,                -- open | pending | resolved
    status_seq       ${bigint} NOT NULL DEFAULT 0,   -- the conversation's last seq when an agent set the status
    assignee_id      TEXT,
    priority         INTEGER NOT NULL DEFAULT 0,   -- 1 while labelled complaint: sorts first
    processed_seq    ${bigint} NOT NULL DEFAULT 0,   -- messages up to here were taken in (reopen, triage, assignment)
    last_activity_at ${bigint} NOT NULL,
    created_at       ${bigint} NOT NULL,
    PRIMARY KEY (business_id, conversation_id)
);
CREATE INDEX inbox_conversations_order ON inbox_conversations (business_id, status, priority, last_activity_at);
CREATE INDEX inbox_conversations_assignee ON inbox_conversations (business_id, assignee_id, status);
-- Business messages of a period are found by conversation; this finds the conversations.
CREATE INDEX inbox_conversations_activity ON inbox_conversations (business_id, last_activity_at);

CREATE TABLE inbox_labels (
    business_id     TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    label           TEXT NOT NULL,
    source          TEXT NOT NULL,                 -- triage | agent
    created_at      ${bigint} NOT NULL,
    PRIMARY KEY (business_id, conversation_id, label)
);

-- What triage said of each incoming customer message, and what an agent corrected it to.
CREATE TABLE inbox_triage (
    business_id     TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    seq             ${bigint} NOT NULL,
    label           TEXT NOT NULL,
    score           ${double} NOT NULL,
    corrected_label TEXT,                          -- set by an agent; a kept example for later triage
    corrected_by    TEXT,
    corrected_at    ${bigint},
    PRIMARY KEY (business_id, conversation_id, seq)
);
CREATE INDEX inbox_triage_corrections ON inbox_triage (business_id, corrected_at);

CREATE TABLE inbox_notes (
    id              TEXT PRIMARY KEY,
    business_id     TEXT NOT NULL REFERENCES accounts (id),
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    author_id       TEXT NOT NULL REFERENCES accounts (id),
    text            TEXT NOT NULL,
    created_at      ${bigint} NOT NULL
);
CREATE INDEX inbox_notes_conversation ON inbox_notes (business_id, conversation_id, created_at);

CREATE TABLE saved_replies (
    id          TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES accounts (id),
    shortcut    TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_by  TEXT NOT NULL REFERENCES accounts (id),
    created_at  ${bigint} NOT NULL,
    updated_at  ${bigint} NOT NULL,
    UNIQUE (business_id, shortcut)
);

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
    created_at  ${bigint} NOT NULL
);
CREATE INDEX faq_entries_business ON faq_entries (business_id, created_at);

-- What the automatic replies have done in a conversation, so each happens once, and whether the
-- FAQ bot handed it to a person (then it stays silent until an agent gives it back).
CREATE TABLE bot_state (
    conversation_id TEXT PRIMARY KEY,
    business_id     TEXT NOT NULL,
    instant_sent    ${boolean} NOT NULL DEFAULT ${false},
    away_period     ${bigint},                  -- start of the closed period the away message was sent in
    bot_spoke       ${boolean} NOT NULL DEFAULT ${false},
    misses          ${bigint} NOT NULL DEFAULT 0,
    handed_off      ${boolean} NOT NULL DEFAULT ${false},
    seen_seq        ${bigint} NOT NULL DEFAULT 0        -- the last customer message automation has handled
);

-- Every change of an inbox conversation's status, with the conversation's last seq at the time:
-- a resolution closes the customer's request that was open, and the customer's next message
-- after that seq opens a new one.
CREATE TABLE inbox_status_log (
    business_id     TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    status          TEXT NOT NULL,
    seq             ${bigint} NOT NULL,
    agent_id        TEXT,
    at              ${bigint} NOT NULL
);
CREATE INDEX inbox_status_log_conversation ON inbox_status_log (business_id, conversation_id, at);
