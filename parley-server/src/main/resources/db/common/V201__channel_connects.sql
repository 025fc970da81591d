-- Connecting a channel from the business's settings (issue 23): the OAuth flows' pending steps,
-- kept server-side so the network's redirect may land on any node.
--   kind 'state':  an authorization sent to the network; id is the SHA-256 of the `state` it carries
--                  (the state itself is never stored); verifier is the PKCE code verifier (X).
--   kind 'choice': the Pages a Messenger login granted, waiting for the owner to pick one; payload
--                  holds them with their Page tokens until picked or expired.
-- Both are single-use (deleted when taken) and expire after ten minutes.
CREATE TABLE channel_connects (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,              -- state | choice
    business_id  TEXT NOT NULL REFERENCES accounts (id),
    person_id    TEXT NOT NULL,
    network      TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    verifier     TEXT,
    payload      TEXT,
    expires_at   ${bigint} NOT NULL
);
CREATE INDEX channel_connects_expiry ON channel_connects (expires_at);
