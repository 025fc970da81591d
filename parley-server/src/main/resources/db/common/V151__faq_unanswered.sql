-- Business issue, point 1: the customer questions the FAQ bot could not answer, offered to the owner
-- as phrasings to add. Only a pointer: the text is read from the message, so an unsent one is gone.
CREATE TABLE faq_unanswered (
    business_id     TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    seq             ${bigint} NOT NULL,
    created_at      ${bigint} NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);
CREATE INDEX faq_unanswered_business ON faq_unanswered (business_id, created_at);
