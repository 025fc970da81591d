-- A rating the customer typed as a reply ("5", "4/5 quick and friendly") names the message that gave it, so
-- the responsiveness figures do not count that message as a new request and the inbox does not reopen for it.
-- Null for an answer given with the buttons (POST …/rating).
ALTER TABLE satisfaction_ratings ADD COLUMN answer_seq ${bigint};
