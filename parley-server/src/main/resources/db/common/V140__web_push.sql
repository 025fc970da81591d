-- Web Push (issue 17): the node's VAPID key pair, people's push devices, and the durable queue of
-- pushes. Shared by both databases: column types are the placeholders of store/Dialect.

-- One row named 'vapid', made by whichever node starts first (an insert that loses the race does nothing).
CREATE TABLE push_keys (
    name        TEXT PRIMARY KEY,
    private_jwk TEXT NOT NULL,                -- the P-256 key pair as a JWK (Nimbus)
    public_key  TEXT NOT NULL,                -- base64url of the uncompressed point, as browsers take it
    created_at  ${bigint} NOT NULL
);

-- A Web Push subscription (endpoint and keys) or an app's FCM/APNs token. An address belongs to one
-- account: the same browser registered by another person moves to them.
CREATE TABLE push_devices (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (id),
    kind         TEXT NOT NULL,               -- webpush | fcm | apns
    address      TEXT NOT NULL UNIQUE,        -- the endpoint URL, or kind:token
    p256dh       TEXT,                        -- webpush: the browser's public key (base64url)
    auth         TEXT,                        -- webpush: the auth secret (base64url)
    paused_until ${bigint} NOT NULL DEFAULT 0,  -- per-endpoint backoff (429 Retry-After, 5xx): nothing sent before
    created_at   ${bigint} NOT NULL
);
CREATE INDEX push_devices_account ON push_devices (account_id);

-- One row per (message, device): a repeated verdict, or two nodes, insert it once. Rows stay a day
-- after they are done so a late repeat is still recognised.
CREATE TABLE push_outbox (
    id              TEXT PRIMARY KEY,
    device_id       TEXT NOT NULL REFERENCES push_devices (id) ON DELETE CASCADE,
    message_id      TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    payload         TEXT NOT NULL,            -- the JSON the browser decrypts
    urgency         TEXT NOT NULL,
    status          TEXT NOT NULL,            -- pending | sent | replaced | failed | expired
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at ${bigint} NOT NULL,
    claim           TEXT,                     -- the batch of the node sending it now ...
    claim_until     ${bigint} NOT NULL DEFAULT 0, -- ... until then (another node may take it after)
    last_status     INTEGER,
    created_at      ${bigint} NOT NULL,
    done_at         ${bigint},
    UNIQUE (message_id, device_id)
);
CREATE INDEX push_outbox_due ON push_outbox (status, next_attempt_at);
CREATE INDEX push_outbox_conversation ON push_outbox (device_id, conversation_id, status);
CREATE INDEX push_outbox_claim ON push_outbox (claim);
