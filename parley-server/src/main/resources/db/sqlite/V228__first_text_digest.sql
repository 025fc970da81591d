-- A message's first words, kept as a digest once it is edited or unsent (message/FirstText): a send that
-- reuses its client_id is a retry only with those words, and other words answer 409 as before any change.
-- Null for messages never changed, and for those changed before this column: a retry of those is told by
-- its client_id alone, as it was.
ALTER TABLE messages ADD COLUMN first_text_digest TEXT;
