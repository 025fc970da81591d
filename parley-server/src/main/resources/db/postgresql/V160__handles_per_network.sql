-- Handles are unique per network (an app, or '' for the node's own password accounts), not across
-- the node: a clash must not tell one app that a handle exists in another network. The network
-- is a non-null column because both databases treat NULLs in a unique index as distinct.
-- (SQLite rebuilds the table for the same result: see ../sqlite/V160.)
ALTER TABLE accounts ADD COLUMN network TEXT NOT NULL DEFAULT '';
UPDATE accounts SET network = app_id WHERE app_id IS NOT NULL;
ALTER TABLE accounts DROP CONSTRAINT accounts_handle_key;
CREATE UNIQUE INDEX accounts_network_handle ON accounts (network, handle);
