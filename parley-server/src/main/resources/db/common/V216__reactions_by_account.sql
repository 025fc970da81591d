-- An erasure takes away every reaction of the erased account, batch by batch: found by account.
CREATE INDEX reactions_account ON reactions (account_id);
