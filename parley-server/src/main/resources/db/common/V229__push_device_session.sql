-- The session that registered a Web Push subscription (push/Devices): a browser's notifications
-- carry the sender and the text, so they stop when the session that asked for them ends (signed
-- out elsewhere, a password change, a revocation), not only when the page signs itself out.
-- Null for app tokens (FCM, APNs: the app's own server decides), for subscriptions registered with
-- an app's JWT or secret (no session row), and for those registered before this column.
ALTER TABLE push_devices ADD COLUMN session_hash TEXT;
