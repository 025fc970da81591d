-- An app's own deactivation of its user, apart from a suspension by the node's administrators or
-- moderators (suspended, suspended_until), which the app cannot lift. The account is kept out while
-- either holds.
ALTER TABLE accounts ADD COLUMN app_deactivated ${boolean} NOT NULL DEFAULT ${false};
-- Until now the app's deactivation set suspended. An app's user suspended for ever, not erased, with
-- no moderator's suspension on record is taken as deactivated by its app (the admin command kept no
-- record: such a suspension made before this version is the app's to lift, as it was).
UPDATE accounts SET app_deactivated = suspended
 WHERE app_id IS NOT NULL AND erased_at IS NULL AND suspended <> ${false}
   AND NOT EXISTS (SELECT 1 FROM moderation_audit m WHERE m.account_id = accounts.id AND m.action = 'suspend');
UPDATE accounts SET suspended = ${false} WHERE app_deactivated <> ${false};
