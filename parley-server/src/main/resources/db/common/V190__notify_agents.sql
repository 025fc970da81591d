-- Notifications for business agents (issue 17 point 4): per customer conversation, the agent the
-- one decision last told of it (or found at a visible tab) and the seq of the newest customer
-- message they were told of. An assignment to an agent other than agent_id is new (tell them
-- once); a customer's message after told_seq is new to the agent it is assigned to. Kept apart
-- from notify_pending, whose rows are pruned.
CREATE TABLE notify_agent_told (
    conversation_id TEXT PRIMARY KEY,
    agent_id        TEXT NOT NULL,
    told_seq        ${bigint} NOT NULL
);

-- The decision finds a conversation's assignee by the conversation alone (the key leads with the
-- business): once per batch of new messages, and once per agent's row.
CREATE INDEX inbox_conversations_conversation ON inbox_conversations (conversation_id);
