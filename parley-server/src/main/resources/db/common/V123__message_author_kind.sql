-- Business issue, point 5: who wrote each message (person, agent, automation, bot, system), decided
-- at write time. Existing rows: an agent's send is 'agent'; an automated one is 'bot' when the FAQ
-- bot wrote it (client_ids auto-faq-*, auto-handoff-*) or an external bot's token did (automated,
-- no agent, not one of the automatic replies' auto-* ids), else 'automation'; the rest 'person'.
ALTER TABLE messages ADD COLUMN author_kind TEXT NOT NULL DEFAULT 'person';
UPDATE messages SET author_kind = CASE
    WHEN automated AND (client_id LIKE 'auto-faq-%' OR client_id LIKE 'auto-handoff-%') THEN 'bot'
    WHEN automated AND agent_id IS NULL AND client_id NOT LIKE 'auto-%' THEN 'bot'
    WHEN automated THEN 'automation'
    WHEN agent_id IS NOT NULL THEN 'agent'
    ELSE 'person' END;
