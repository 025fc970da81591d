-- A suspension for a time: the account is suspended while suspended_until is in the future.
-- `suspended` stays the suspension for ever (admin suspend, a moderator's suspend without an end).
ALTER TABLE accounts ADD COLUMN suspended_until ${bigint};
