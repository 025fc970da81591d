-- Business issue, point 7: a conversation the FAQ bot is handling is nobody's yet. It is assigned
-- at hand-off (or when the bot is off), so bot-handled chats no longer fill agents' caps, and the
-- inbox shows them in a view of their own (status=bot). True while the bot has it.
ALTER TABLE inbox_conversations ADD COLUMN bot ${boolean} NOT NULL DEFAULT ${false};
