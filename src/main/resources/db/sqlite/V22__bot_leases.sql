-- Cluster (issue 7): one node at a time delivers a bot's webhooks. Every node runs the dispatcher;
-- the one that claims a bot's lease (a conditional UPDATE, so exactly one wins) delivers its events
-- and renews the lease while it works. When the holder dies, the lease runs out and another node
-- takes over from the cursor. The holder's cursor and delivery-log writes are conditional on
-- still being lease_owner, so a node that lost its lease can neither log a delivery twice nor move
-- the cursor back. Times are epoch ms by the nodes' injected clocks.
ALTER TABLE bots ADD COLUMN lease_owner TEXT;
ALTER TABLE bots ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
