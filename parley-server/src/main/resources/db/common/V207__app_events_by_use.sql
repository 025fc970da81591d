-- Issue 16, the 5% bar for an app's users: message.created (the one event per message) is
-- recorded in an app's feed only once the app has asked for it (read its feed, set a webhook that
-- takes it, or opted in to texts); until then its users' messages cost the writer no feed row.
-- Apps that existed before keep every event, as they did. ((1 = 1) is true in both databases.)
ALTER TABLE app_event_state ADD COLUMN messages_wanted ${boolean} NOT NULL DEFAULT ${false};
INSERT INTO app_event_state (app_id) SELECT id FROM apps WHERE (1 = 1) ON CONFLICT (app_id) DO NOTHING;
UPDATE app_event_state SET messages_wanted = (1 = 1);

-- Only notification.needed rows carry a dedupe key; every message.created row paid an index entry
-- for its NULL. A partial index keeps the same uniqueness and serves "app_id = ? AND dedupe = ?".
DROP INDEX app_events_dedupe;
CREATE UNIQUE INDEX app_events_dedupe ON app_events (app_id, dedupe) WHERE dedupe IS NOT NULL;
