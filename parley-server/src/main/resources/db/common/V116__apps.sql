-- Apps (the integration issue): a host app's server secret, and its users by the app's own id.
-- Shared by both databases: column types are the placeholders of store/Dialect.

CREATE TABLE apps (
    id                   TEXT PRIMARY KEY,
    name                 TEXT NOT NULL UNIQUE,
    secret_hash          TEXT NOT NULL UNIQUE,     -- SHA-256 of the secret; the secret is shown once
    previous_secret_hash TEXT,                     -- the secret before the last rotate ...
    previous_valid_until ${bigint},                  -- ... still accepted until then (epoch ms)
    revoked              ${boolean} NOT NULL DEFAULT ${false},
    tokens_before        ${bigint} NOT NULL DEFAULT 0, -- app JWTs issued before this are refused
    created_at           ${bigint} NOT NULL
);

-- Null app_id: the node's own network (password accounts). Each app is a network of its own.
ALTER TABLE accounts ADD COLUMN app_id TEXT REFERENCES apps (id);
ALTER TABLE accounts ADD COLUMN external_id TEXT;
ALTER TABLE accounts ADD COLUMN avatar_url TEXT;
ALTER TABLE accounts ADD COLUMN tokens_before ${bigint} NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX accounts_app_external ON accounts (app_id, external_id);

-- Minted client tokens are session rows with an expiry; password sessions keep a null one.
ALTER TABLE sessions ADD COLUMN expires_at ${bigint};
