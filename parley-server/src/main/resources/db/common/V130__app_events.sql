-- Embedding issue, point 5: each app's own event feed (read by cursor, pushed to its webhook).
-- Shared by both databases: column types are the placeholders of store/Dialect.

-- One row per app: the feed's counter (locked until commit, so ids become visible in order),
-- how far pruning went, and whether message events carry their text (the app opts in).
CREATE TABLE app_event_state (
    app_id         TEXT PRIMARY KEY REFERENCES apps (id),
    last_id        ${bigint} NOT NULL DEFAULT 0,
    pruned_through ${bigint} NOT NULL DEFAULT 0,
    include_text   ${boolean} NOT NULL DEFAULT ${false}
);

-- The feed itself. id numbers an app's events 1, 2, 3… (the cursor); body is the event's JSON
-- object without id, type and at. dedupe is set only where a caller may repeat itself
-- (notification.needed: account|conversation|message); NULLs never clash.
CREATE TABLE app_events (
    app_id TEXT NOT NULL REFERENCES apps (id),
    id     ${bigint} NOT NULL,
    type   TEXT NOT NULL,
    at     ${bigint} NOT NULL,
    dedupe TEXT,
    body   TEXT NOT NULL,
    PRIMARY KEY (app_id, id)
);
CREATE UNIQUE INDEX app_events_dedupe ON app_events (app_id, dedupe);
CREATE INDEX app_events_at ON app_events (at);

-- The app's one webhook and its delivery progress: events after delivered_through go out as
-- numbered transactions; the one in flight (txn_id, txn_last, txn_body) is kept until a 2xx so a
-- retry (also after a restart) sends the same id and the same events. lease_owner/lease_until:
-- the one node that delivers this app's webhook.
CREATE TABLE app_webhooks (
    app_id            TEXT PRIMARY KEY REFERENCES apps (id),
    url               TEXT NOT NULL,
    types             TEXT NOT NULL,
    secret            TEXT NOT NULL,
    delivered_through ${bigint} NOT NULL,
    txn_id            ${bigint} NOT NULL DEFAULT 0,
    txn_last          ${bigint},
    txn_body          TEXT,
    attempts          ${bigint} NOT NULL DEFAULT 0,
    next_attempt_at   ${bigint} NOT NULL DEFAULT 0,
    last_status       ${bigint},
    last_error        TEXT,
    lease_owner       TEXT,
    lease_until       ${bigint} NOT NULL DEFAULT 0,
    created_at        ${bigint} NOT NULL
);
