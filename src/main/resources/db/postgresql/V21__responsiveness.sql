-- Responsiveness (issue 8), PostgreSQL. Kept in step with ../sqlite/V21__responsiveness.sql.

-- Whether a message was written by automation (a bot, an automatic reply, an integration) rather
-- than by a person: a business's response figures count only the replies people wrote. Messages
-- stored before this column were people's unless a business sent them without an agent.
ALTER TABLE messages ADD COLUMN automated BOOLEAN NOT NULL DEFAULT FALSE;

-- Every change of an inbox conversation's status, with the conversation's last seq at the time:
-- a resolution closes the customer's request that was open, and the customer's next message
-- after that seq opens a new one.
CREATE TABLE inbox_status_log (
    business_id     TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    status          TEXT NOT NULL,
    seq             BIGINT NOT NULL,
    agent_id        TEXT,
    at              BIGINT NOT NULL
);
CREATE INDEX inbox_status_log_conversation ON inbox_status_log (business_id, conversation_id, at);

-- Business messages of a period are found by conversation; this finds the conversations.
CREATE INDEX inbox_conversations_activity ON inbox_conversations (business_id, last_activity_at);
