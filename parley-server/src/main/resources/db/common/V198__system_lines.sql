-- System lines in group threads (issue 21 point 5): "Ann created the group", "Ann added Bob".
-- system_event: the machine-readable body of a message whose author_kind is 'system' (JSON:
-- event, actor, target, title), null on every other message; its text is the plain fallback.
-- added_by: who added a member to a group after it was made (the founding members were added
-- by its creator), so their request can name them; null where nobody is known.
-- messages_system: the few system lines, so unread counts and the requests list can leave them
-- out with an index lookup instead of a scan of the conversation's messages.
ALTER TABLE messages ADD COLUMN system_event TEXT;
ALTER TABLE conversation_members ADD COLUMN added_by TEXT;
CREATE INDEX messages_system ON messages (conversation_id, seq) WHERE author_kind = 'system';
