-- Automation (issue 7): external bots and their webhook deliveries. Times are epoch ms.

-- A business's external bot: where its webhooks go, the secret that signs them, and the hash of
-- the token it replies with.
CREATE TABLE bots (
    id          TEXT PRIMARY KEY,
    business_id TEXT NOT NULL,
    name        TEXT NOT NULL,
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    cursor      BIGINT NOT NULL,                -- the last business event token handled
    created_at  BIGINT NOT NULL
);
CREATE INDEX bots_business ON bots (business_id);

-- The delivery log. What to deliver comes from the business's event log after the bot's cursor,
-- so an event committed just before a crash is still delivered after the restart.
CREATE TABLE webhook_deliveries (
    bot_id          TEXT NOT NULL,
    token           BIGINT NOT NULL,
    event_type      TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL,              -- pending | delivered | failed
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_status     BIGINT,
    last_error      TEXT,
    created_at      BIGINT NOT NULL,
    delivered_at    BIGINT,
    PRIMARY KEY (bot_id, token)
);
CREATE INDEX webhook_deliveries_bot ON webhook_deliveries (bot_id, created_at);
