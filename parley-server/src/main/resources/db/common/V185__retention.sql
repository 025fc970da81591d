-- Retention (issue 19, point 7) and the report snapshots' own retention (point 1).

-- Messages not yet deleted, by age: each retention batch reads the oldest from here, and a
-- deleted one leaves the index, so later runs never walk past the tombstones of earlier ones.
CREATE INDEX messages_live_by_time ON messages (created_at) WHERE NOT deleted;

-- A business's own retention for the messages of its conversations (0: the node's setting alone).
CREATE TABLE business_retention (
    business_id  TEXT PRIMARY KEY,
    message_days INTEGER NOT NULL,
    updated_at   ${bigint} NOT NULL
);

-- The one retention run of the cluster: worked by the node holding its lease, in steps
-- (messages, events, reports), each batch recording its progress here.
CREATE TABLE retention_runs (
    id               TEXT PRIMARY KEY,
    step             TEXT NOT NULL,
    oldest_deleted   ${bigint} NOT NULL DEFAULT 0,   -- the oldest message this run deleted: events from then on are scanned
    cursor_at        ${bigint} NOT NULL DEFAULT 0,
    cursor_account   TEXT NOT NULL DEFAULT '',
    cursor_token     ${bigint} NOT NULL DEFAULT 0,
    messages_deleted ${bigint} NOT NULL DEFAULT 0,
    events_stripped  ${bigint} NOT NULL DEFAULT 0,
    next_run_at      ${bigint} NOT NULL DEFAULT 0,
    lease_owner      TEXT,
    lease_until      ${bigint} NOT NULL DEFAULT 0
);
INSERT INTO retention_runs (id, step) VALUES ('retention', 'messages');

-- A report whose snapshot went after safety.report_retention keeps its row (the audit refers to it).
ALTER TABLE reports ADD COLUMN snapshot_expired ${boolean} NOT NULL DEFAULT ${false};
