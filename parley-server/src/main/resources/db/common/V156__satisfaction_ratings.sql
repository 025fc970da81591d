-- Business issue, point 10: after a conversation is resolved the customer may be asked once to rate
-- it (1 to 5, an optional comment). One row per request asked about: request_seq is the customer's
-- last message when the conversation was resolved, so resolving again with nothing new from the
-- customer asks nothing. agent_id is whom the conversation was assigned to then (else who resolved it).
CREATE TABLE satisfaction_ratings (
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    request_seq    ${bigint} NOT NULL,
    business_id     TEXT NOT NULL REFERENCES accounts (id),
    customer_id     TEXT NOT NULL REFERENCES accounts (id),
    agent_id        TEXT,
    message_id      TEXT,
    asked_at        ${bigint} NOT NULL,
    score           INTEGER,
    comment         TEXT,
    rated_at        ${bigint},
    PRIMARY KEY (conversation_id, request_seq)
);
CREATE INDEX satisfaction_ratings_business ON satisfaction_ratings (business_id, rated_at);
