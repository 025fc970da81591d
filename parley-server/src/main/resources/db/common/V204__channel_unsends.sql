-- Channels (issue 23): an unsend the network can pass on (X deletes a DM event it sent) goes out
-- through the same outbox as the reply it takes back: the row turns from a sent 'send' into a
-- pending 'unsend'. Its states then: pending → unsent, or unsend_failed with the mapped code.
ALTER TABLE channel_outbox ADD COLUMN op TEXT NOT NULL DEFAULT 'send';
