-- A member's own actions on a conversation (issue 21 point 7), none seen by the other members:
-- pinned_at: pinned (first in the list, newest pin first); archived_seq: archived when the
-- conversation's last seq was this, so it stays archived until a newer message, or while muted;
-- marked_unread: "mark as unread" (the unread count is at least 1 until the member reads);
-- cleared_seq: "delete for me" at this seq: messages up to it are hidden from the member, and the
-- conversation too until a newer message arrives.
ALTER TABLE conversation_members ADD COLUMN pinned_at ${bigint};
ALTER TABLE conversation_members ADD COLUMN archived_seq ${bigint};
ALTER TABLE conversation_members ADD COLUMN marked_unread ${boolean} NOT NULL DEFAULT ${false};
ALTER TABLE conversation_members ADD COLUMN cleared_seq ${bigint};
