-- Message requests held for review (issue 19, point 4): the recipient's place is the folder 'held'
-- until a moderator releases or drops it. Few rows ever hold it: the moderators' list reads them here.
CREATE INDEX conversation_members_held ON conversation_members (conversation_id) WHERE folder = 'held';
