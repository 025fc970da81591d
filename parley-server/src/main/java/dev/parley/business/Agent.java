package dev.parley.business;

import java.time.Instant;
import java.util.List;

/**
 * A person who runs a business page, in a role: {@code owner} (everything, including who the
 * agents are), {@code admin} (adds and removes plain agents, sets the inbox's rules) or
 * {@code agent} (answers customers).
 *
 * @param assignedTurn the round-robin turn of this agent's latest automatic assignment (0: never)
 */
public record Agent(String businessId, String accountId, String role, Instant addedAt, long assignedTurn) {
    public static final String OWNER = "owner";
    public static final String ADMIN = "admin";
    public static final String AGENT = "agent";
    public static final List<String> ROLES = List.of(OWNER, ADMIN, AGENT);

    public boolean isOwner() {
        return OWNER.equals(role);
    }

    /** Owners and admins manage the inbox's rules and the plain agents. */
    public boolean manages() {
        return OWNER.equals(role) || ADMIN.equals(role);
    }
}
