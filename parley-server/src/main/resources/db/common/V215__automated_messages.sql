-- messages_automated: a business's automatic replies and bots' messages. They do not move the sender's read
-- pointer (only a person's read counts for the team, issue 20 point 6), so without them an instant reply counted
-- as one more unread message in the business's own inbox and list. Unread counts leave out the viewer's own
-- automated messages past its pointer with an index lookup; person-to-person sends add nothing to this index.
CREATE INDEX messages_automated ON messages (conversation_id, seq) WHERE author_kind IN ('automation', 'bot');
