package dev.parley.business;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;

/**
 * Automatic assignment: the next agent in turn who is online and has fewer open conversations
 * than the cap. Offline and full agents are skipped and keep their place in the turn, so they
 * are next once they are back or have room. Nobody fits: the conversation stays unassigned.
 */
final class RoundRobin {
    private final BusinessStore agents;
    private final InboxStore inbox;
    private final Predicate<String> online;

    /** @param online whether a person has a socket open now (presence) */
    RoundRobin(BusinessStore agents, InboxStore inbox, Predicate<String> online) {
        this.agents = agents;
        this.inbox = inbox;
        this.online = online;
    }

    /** Picks the agent and moves them to the back of the turn, in the caller's transaction. */
    Optional<String> pick(Handle h, String businessId, int cap) {
        List<Agent> turn = agents.rotation(h, businessId);
        Map<String, Long> load = inbox.openLoad(h, businessId);
        for (Agent a : turn) {
            if (online.test(a.accountId()) && load.getOrDefault(a.accountId(), 0L) < cap) {
                agents.takeTurn(h, businessId, a.accountId());
                return Optional.of(a.accountId());
            }
        }
        return Optional.empty();
    }
}
