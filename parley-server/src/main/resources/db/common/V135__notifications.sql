-- Notifications (issue 16 point 5, issue 17 point 3): the one decision's pending rows, the
-- preferences it reads, and a conversation muted until a time.

-- One row per (account, conversation) with something to decide: written off the send path in
-- batches, claimed by one node at a time (claimed_by, claimed_until: a lease, so a dead node's
-- claim lapses), decided at due_at. due_at NULL: nothing pending; decided_at: when the last
-- verdict went out, so the next one waits notify.delay after it (the collapse).
CREATE TABLE notify_pending (
    account_id      TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    message_id      TEXT NOT NULL,
    due_at          ${bigint},
    decided_at      ${bigint},
    claimed_by      TEXT,
    claimed_until   ${bigint},
    PRIMARY KEY (account_id, conversation_id)
);
CREATE INDEX notify_pending_due ON notify_pending (due_at);

-- An account's notification preferences; no row: level all, text shown, no quiet hours.
-- Quiet hours are local times (HH:MM) in the account's IANA time zone; NULL when none.
CREATE TABLE notify_preferences (
    account_id  TEXT PRIMARY KEY,
    level       TEXT NOT NULL,
    show_text   ${boolean} NOT NULL,
    quiet_start TEXT,
    quiet_end   TEXT,
    quiet_zone  TEXT
);

-- A conversation muted until a time (epoch ms); muted = TRUE stays "muted for ever".
ALTER TABLE conversation_members ADD COLUMN muted_until ${bigint};
