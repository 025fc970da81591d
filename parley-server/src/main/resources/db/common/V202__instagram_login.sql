-- Channels (issue 23): how an Instagram account was connected. An account signed in with Instagram
-- Login calls graph.instagram.com with its Instagram user token (refreshed before its 60 days run
-- out); one linked to a Facebook Page (the business's POST, or none of this column's rows before
-- it) calls graph.facebook.com with the Page's token. Other networks leave it false.
ALTER TABLE channel_accounts ADD COLUMN instagram_login ${boolean} NOT NULL DEFAULT ${false};
