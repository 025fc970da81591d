-- Business rules (issue 6): the consent ledger, outreach and promotion logs. Times are epoch ms.

-- Who opted in to a business's promotional messages, when, how, and when they withdrew.
CREATE TABLE consents (
    business_id  TEXT NOT NULL,
    account_id   TEXT NOT NULL,
    granted_at   INTEGER NOT NULL,
    method       TEXT NOT NULL,
    withdrawn_at INTEGER,
    PRIMARY KEY (business_id, account_id, granted_at)
);
CREATE INDEX consents_account ON consents (account_id);

-- Conversations a business opened, with the first message's fingerprint (the text without the
-- recipient's name), to tell a personal message from a blast.
CREATE TABLE outreach_log (
    business_id  TEXT NOT NULL,
    recipient_id TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    sent_at      INTEGER NOT NULL
);
CREATE INDEX outreach_log_business ON outreach_log (business_id, sent_at);

-- Promotional messages sent, for the per-customer frequency cap.
CREATE TABLE promotions_log (
    business_id TEXT NOT NULL,
    account_id  TEXT NOT NULL,
    sent_at     INTEGER NOT NULL
);
CREATE INDEX promotions_log_pair ON promotions_log (business_id, account_id, sent_at);
