-- Appeals (issue 19, point 2): a moderated account's one message to the moderators, open until
-- a moderator next acts on (or dismisses) the account.
CREATE TABLE moderation_appeals (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL,
    text        TEXT NOT NULL,
    status      TEXT NOT NULL,                 -- open | reviewed
    created_at  ${bigint} NOT NULL,
    reviewed_at ${bigint}
);
CREATE INDEX moderation_appeals_by_status ON moderation_appeals (status, created_at);
CREATE INDEX moderation_appeals_by_account ON moderation_appeals (account_id, status);
