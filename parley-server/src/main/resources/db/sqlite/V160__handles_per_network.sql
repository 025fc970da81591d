-- Handles are unique per network (an app, or '' for the node's own password accounts), not across
-- the node: a clash must not tell one app that a handle exists in another network. SQLite cannot
-- drop the inline UNIQUE of the baseline, so the table is rebuilt (SQLite's documented 12-step
-- procedure). Foreign keys must be off while the old table is dropped, and that pragma does
-- nothing inside a transaction: this script runs outside Flyway's (see the .conf beside it) and
-- opens its own (a savepoint outside a transaction is one). The columns keep their order; network is added at the end, as on PostgreSQL.
PRAGMA foreign_keys = OFF;

SAVEPOINT v160; -- not BEGIN: Flyway's SQLite parser takes BEGIN for a trigger's body

CREATE TABLE accounts_v160 (
    id             TEXT PRIMARY KEY,
    handle         TEXT NOT NULL,                  -- stored lower-case; unique within its network
    display_name   TEXT NOT NULL,
    preferred_name TEXT,
    kind           TEXT NOT NULL,
    verified       INTEGER NOT NULL DEFAULT 0,
    password_hash  TEXT,
    dm_policy      TEXT NOT NULL,
    read_receipts  INTEGER NOT NULL,
    hidden_words   TEXT NOT NULL DEFAULT '[]',
    is_admin       INTEGER NOT NULL DEFAULT 0,
    suspended      INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    app_id         TEXT REFERENCES apps (id),
    external_id    TEXT,
    avatar_url     TEXT,
    tokens_before  INTEGER NOT NULL DEFAULT 0,
    network        TEXT NOT NULL DEFAULT ''        -- app_id, or '' for the node's own network
);

INSERT INTO accounts_v160 (id, handle, display_name, preferred_name, kind, verified, password_hash, dm_policy,
                           read_receipts, hidden_words, is_admin, suspended, created_at, app_id, external_id,
                           avatar_url, tokens_before, network)
SELECT id, handle, display_name, preferred_name, kind, verified, password_hash, dm_policy,
       read_receipts, hidden_words, is_admin, suspended, created_at, app_id, external_id,
       avatar_url, tokens_before, COALESCE(app_id, '')
FROM accounts;

DROP TABLE accounts;

ALTER TABLE accounts_v160 RENAME TO accounts;

CREATE UNIQUE INDEX accounts_app_external ON accounts (app_id, external_id);
CREATE UNIQUE INDEX accounts_network_handle ON accounts (network, handle);

RELEASE v160;

PRAGMA foreign_keys = ON;
