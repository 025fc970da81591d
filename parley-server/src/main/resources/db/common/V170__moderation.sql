-- Reports, their snapshots, moderators, the append-only audit log, restrictions and notices (issue 19).
CREATE TABLE reports (
    id                  TEXT PRIMARY KEY,
    reporter_id         TEXT NOT NULL,
    agent_id            TEXT,
    target_kind         TEXT NOT NULL,
    target_id           TEXT NOT NULL,
    reported_account_id TEXT,
    conversation_id     TEXT,
    message_id          TEXT,
    category            TEXT NOT NULL,
    note                TEXT,
    status              TEXT NOT NULL,
    created_at          ${bigint} NOT NULL,
    reviewed_at         ${bigint}
);
CREATE INDEX reports_by_status ON reports (status, created_at);
CREATE INDEX reports_by_account ON reports (reported_account_id, status);

-- What moderators see of a reported message: it and the 10 before it, kept whatever happens to them.
CREATE TABLE report_snapshots (
    report_id   TEXT NOT NULL,
    position    INTEGER NOT NULL,
    message_id  TEXT NOT NULL,
    author_id   TEXT NOT NULL,
    author_kind TEXT NOT NULL,
    text        TEXT NOT NULL,
    sent_at     ${bigint} NOT NULL,
    PRIMARY KEY (report_id, position)
);

CREATE TABLE moderators (
    account_id TEXT PRIMARY KEY,
    created_at ${bigint} NOT NULL
);

-- Written once per action; no statement of the server updates or deletes it.
CREATE TABLE moderation_audit (
    id           TEXT PRIMARY KEY,
    moderator_id TEXT NOT NULL,
    action       TEXT NOT NULL,
    target_kind  TEXT NOT NULL,
    target_id    TEXT NOT NULL,
    account_id   TEXT,
    reason       TEXT NOT NULL,
    until_at     ${bigint},
    created_at   ${bigint} NOT NULL
);
CREATE INDEX moderation_audit_by_time ON moderation_audit (created_at);

CREATE TABLE account_restrictions (
    account_id TEXT PRIMARY KEY,
    until_at   ${bigint} NOT NULL,
    reason     TEXT NOT NULL
);

-- What a moderated account is told: the action, the reason and when it ends.
CREATE TABLE moderation_notices (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    action     TEXT NOT NULL,
    reason     TEXT NOT NULL,
    until_at   ${bigint},
    message_id TEXT,
    created_at ${bigint} NOT NULL
);
CREATE INDEX moderation_notices_by_account ON moderation_notices (account_id, created_at);
