-- Business issue, point 9: people are invited to a business's team, not added without being asked.
-- A row is a pending invitation; accepting makes a business_agents row and deletes this one, and
-- declining or withdrawing deletes it. One pending invitation per person and business.
CREATE TABLE agent_invitations (
    id          TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES accounts (id),
    account_id  TEXT NOT NULL REFERENCES accounts (id),
    role        TEXT NOT NULL,                     -- owner | admin | agent, once accepted
    invited_by  TEXT NOT NULL REFERENCES accounts (id),
    created_at  ${bigint} NOT NULL
);
CREATE UNIQUE INDEX agent_invitations_person ON agent_invitations (business_id, account_id);
CREATE INDEX agent_invitations_account ON agent_invitations (account_id, created_at);
