-- Hidden words (issue 19, point 3): where a person's hidden words apply. No row: to message
-- requests only (as before); 'all': to messages in accepted conversations too.
CREATE TABLE hidden_words_scope (
    account_id TEXT PRIMARY KEY,
    apply_to   TEXT NOT NULL,
    updated_at ${bigint} NOT NULL
);
