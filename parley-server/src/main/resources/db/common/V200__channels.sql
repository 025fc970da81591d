-- Channels (issue 23): a business's Messenger, Instagram and X accounts, their customers as inbox
-- contacts, and the two durable queues (deliveries in, replies out). Shared by both databases.

-- A connected account on a network. One business per (network, external_id): contacts are scoped to it.
CREATE TABLE channel_accounts (
    id                   TEXT PRIMARY KEY,
    business_id          TEXT NOT NULL REFERENCES accounts (id),
    network              TEXT NOT NULL,              -- messenger | instagram | x
    external_id          TEXT NOT NULL,              -- the Page id, the Instagram account id, the X user id
    name                 TEXT,
    access_token         TEXT,                       -- null once disconnected
    refresh_token        TEXT,
    token_expires_at     ${bigint},
    human_agent_approved ${boolean} NOT NULL DEFAULT ${false},
    state                TEXT NOT NULL,              -- connected | needs_reconnect | error | disconnected
    state_detail         TEXT,                       -- the mapped code of the last failure
    created_at           ${bigint} NOT NULL,
    updated_at           ${bigint} NOT NULL
);
CREATE UNIQUE INDEX channel_accounts_external ON channel_accounts (network, external_id);
CREATE INDEX channel_accounts_business ON channel_accounts (business_id);

-- An outside person as one Parley account (its own network) and one conversation with the business.
CREATE TABLE channel_contacts (
    channel_account_id TEXT NOT NULL REFERENCES channel_accounts (id),
    external_user_id   TEXT NOT NULL,
    account_id         TEXT NOT NULL UNIQUE REFERENCES accounts (id),
    conversation_id    TEXT,
    last_inbound_at    ${bigint},                    -- the customer's last message: the reply window counts from it
    profile_checked    ${boolean} NOT NULL DEFAULT ${false},
    PRIMARY KEY (channel_account_id, external_user_id)
);

-- The network's message id beside Parley's, both ways: echoes, replies, reactions and reads match by it.
CREATE TABLE channel_messages (
    channel_account_id TEXT NOT NULL,
    network_message_id TEXT NOT NULL,
    message_id         TEXT NOT NULL,
    PRIMARY KEY (channel_account_id, network_message_id)
);
CREATE INDEX channel_messages_by_message ON channel_messages (message_id);

-- Events already handled, by (account, kind and network id): a repeated delivery is a no-op.
CREATE TABLE channel_seen (
    channel_account_id TEXT NOT NULL,
    event_key          TEXT NOT NULL,
    seen_at            ${bigint} NOT NULL,
    PRIMARY KEY (channel_account_id, event_key)
);

-- Verified deliveries as received (raw JSON), worked off the request thread under a claim.
CREATE TABLE channel_deliveries (
    id              TEXT PRIMARY KEY,
    network         TEXT NOT NULL,
    body            TEXT NOT NULL,
    received_at     ${bigint} NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at ${bigint} NOT NULL,
    claim           TEXT,
    claim_until     ${bigint} NOT NULL DEFAULT 0,
    last_error      TEXT
);
CREATE INDEX channel_deliveries_due ON channel_deliveries (next_attempt_at);

-- The business's replies to send through the connector: written in the message's own transaction.
CREATE TABLE channel_outbox (
    message_id          TEXT PRIMARY KEY,
    channel_account_id  TEXT NOT NULL REFERENCES channel_accounts (id),
    conversation_id     TEXT NOT NULL,
    contact_external_id TEXT NOT NULL,
    text                TEXT NOT NULL,
    by_person           ${boolean} NOT NULL,
    human_agent         ${boolean} NOT NULL,
    status              TEXT NOT NULL,              -- pending | sent | failed
    network_message_id  TEXT,
    error_code          TEXT,
    attempts            INTEGER NOT NULL DEFAULT 0,
    next_attempt_at     ${bigint} NOT NULL,
    claim               TEXT,
    claim_until         ${bigint} NOT NULL DEFAULT 0,
    created_at          ${bigint} NOT NULL,
    done_at             ${bigint}
);
CREATE INDEX channel_outbox_due ON channel_outbox (status, next_attempt_at);
CREATE INDEX channel_outbox_conversation ON channel_outbox (conversation_id, status);
