-- Notifications for business agents (issue 17 point 4): per customer conversation, the agent the
-- one decision last considered for it and the conversation's last seq then. An assignment to an
-- agent other than agent_id is new (tell them once); a customer's message after told_seq is new to
-- the agent it is assigned to. Kept apart from notify_pending, whose rows are pruned.
CREATE TABLE notify_agent_told (
    conversation_id TEXT PRIMARY KEY,
    agent_id        TEXT NOT NULL,
    told_seq        ${bigint} NOT NULL
);
