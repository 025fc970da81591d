-- A short bio (at most 160 characters) and an avatar (an image the account uploaded through the
-- media upload route) on a profile (issue 21 point 3). No avatar: clients draw initials.
ALTER TABLE accounts ADD COLUMN bio TEXT;
ALTER TABLE accounts ADD COLUMN avatar_upload_id TEXT;
-- The account whose avatar an upload is: kept from the sweep of unsent uploads, served by signed link.
ALTER TABLE uploads ADD COLUMN avatar_of TEXT;
