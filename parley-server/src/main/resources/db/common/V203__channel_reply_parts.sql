-- Channels (issue 23): a business's reply with attachments goes out as several of the network's
-- messages (Meta: one attachment a Send API call; X: one media a DM). Each part sent is kept, so a
-- reply tried again after a failure half-way sends only the parts the network has not got yet.
CREATE TABLE channel_outbox_parts (
    message_id         TEXT NOT NULL,
    part               INTEGER NOT NULL,
    network_message_id TEXT NOT NULL,
    PRIMARY KEY (message_id, part)
);

-- Deliveries are worked in the order they came, one at a time for each connected account (a Page,
-- an Instagram or X account), on every node: the account the delivery is for, or '' when unknown.
ALTER TABLE channel_deliveries ADD COLUMN order_key TEXT NOT NULL DEFAULT '';
CREATE INDEX channel_deliveries_order ON channel_deliveries (order_key, id);
