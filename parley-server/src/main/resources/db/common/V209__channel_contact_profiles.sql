-- Channels (issue 23): what the network's profile fetch told of a contact besides the name (which is
-- the contact account's display name): the username, shown to agents as @handle beside the name, and
-- the picture's URL, kept server-side only (the agent's browser never loads a network's address).
ALTER TABLE channel_contacts ADD COLUMN username TEXT;
ALTER TABLE channel_contacts ADD COLUMN picture_url TEXT;
