-- People's data (issue 19, points 5 and 6): erasure and export as durable jobs.
-- Shared by both databases: column types are the placeholders of store/Dialect.

-- An erased account keeps its row (conversations and messages refer to it) as a tombstone:
-- erased_at is set, the profile blanked, the account suspended. Its handle stays taken until the
-- job's handle_release_at, then is replaced by one no sign-up can choose.
ALTER TABLE accounts ADD COLUMN erased_at ${bigint};

-- One row per erasure: what is left to do (step, and a cursor within it), progress, and a lease
-- so one node of a cluster works it; a node that dies mid-way lets the lease run out and another
-- (or itself, restarted) continues from the row.
CREATE TABLE erasure_jobs (
    id                TEXT PRIMARY KEY,
    account_id        TEXT NOT NULL,
    requested_by      TEXT NOT NULL,                -- self | admin | app
    app_id            TEXT,                         -- the account's app: told user.erased when done
    external_id       TEXT,                         -- the app's id for the user, kept for that event
    status            TEXT NOT NULL,                -- running | done
    step              TEXT NOT NULL,                -- messages | events | notes | graph | memberships | own_events | done
    cursor_account    TEXT NOT NULL DEFAULT '',     -- events step: the last (account_id, token) scanned
    cursor_token      ${bigint} NOT NULL DEFAULT 0,
    messages_erased   ${bigint} NOT NULL DEFAULT 0,
    events_stripped   ${bigint} NOT NULL DEFAULT 0,
    lease_owner       TEXT,
    lease_until       ${bigint} NOT NULL DEFAULT 0,
    handle_release_at ${bigint} NOT NULL,
    handle_released   ${boolean} NOT NULL DEFAULT ${false},
    created_at        ${bigint} NOT NULL,
    updated_at        ${bigint} NOT NULL,
    finished_at       ${bigint}
);
CREATE INDEX erasure_jobs_status ON erasure_jobs (status);
CREATE INDEX erasure_jobs_account ON erasure_jobs (account_id);

-- The messages an account sent, found without reading every message (erasure, export).
CREATE INDEX messages_sender ON messages (sender_id);

-- One row per export: built off the request thread into a file under the data dir, deleted
-- (status expired) at expires_at.
CREATE TABLE export_jobs (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL,
    requested_by TEXT NOT NULL,                     -- self | admin | app
    app_id       TEXT,                              -- set when an app asked: only it may read the job
    status       TEXT NOT NULL,                     -- pending | ready | failed | expired
    file_name    TEXT,
    size_bytes   ${bigint},
    lease_owner  TEXT,
    lease_until  ${bigint} NOT NULL DEFAULT 0,
    created_at   ${bigint} NOT NULL,
    ready_at     ${bigint},
    expires_at   ${bigint}
);
CREATE INDEX export_jobs_account ON export_jobs (account_id, created_at);
CREATE INDEX export_jobs_status ON export_jobs (status);
