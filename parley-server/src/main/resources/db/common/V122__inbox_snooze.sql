-- Business issue, point 9: an agent snoozes a conversation; it leaves the open view until then
-- (epoch ms) or until the customer writes again, which clears it. NULL when not snoozed.
ALTER TABLE inbox_conversations ADD COLUMN snoozed_until ${bigint};
