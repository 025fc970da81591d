package dev.parley.business;

import dev.parley.account.Account;
import dev.parley.account.AccountStore;
import dev.parley.account.Views;
import dev.parley.event.Transactions;
import dev.parley.http.ApiException;
import dev.parley.store.Database;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Who runs a business. Owners add and remove anyone, admins add and remove plain agents, anyone
 * may leave; a business always keeps an owner. An agent who goes loses their conversations (they
 * return to the unassigned pile, and the other agents are told) and their open business streams.
 */
public final class AgentService {
    private final Database db;
    private final Transactions tx;
    private final BusinessStore store;
    private final AccountStore accounts;
    private final InboxService inbox;
    private final Predicate<String> online;
    private final BiConsumer<String, String> onRemoved;

    /** @param onRemoved hears (business, person) once an agent is removed: their business streams close */
    AgentService(Database db, Transactions tx, BusinessStore store, AccountStore accounts, InboxService inbox,
                 Predicate<String> online, BiConsumer<String, String> onRemoved) {
        this.onRemoved = onRemoved;
        this.db = db;
        this.tx = tx;
        this.store = store;
        this.accounts = accounts;
        this.inbox = inbox;
        this.online = online;
    }

    /** An agent as the team sees them: who, in what role, online now, and how many open conversations they have. */
    public record AgentView(Views.Brief account, String role, boolean online, long openConversations, Instant addedAt) {}

    public List<AgentView> list(String businessId) {
        return db.read(h -> views(h, businessId, store.agents(h, businessId)));
    }

    /** @return the agent, and whether they were new (else their role changed) */
    public record Added(AgentView agent, boolean created) {}

    public Added add(String businessId, String actorId, String accountId, String role) {
        requirePerson(actorId);
        if (accountId == null || accountId.isBlank()) {
            throw ApiException.validation("Field 'account_id' is required.");
        }
        if (role == null || !Agent.ROLES.contains(role)) {
            throw ApiException.validation("Field 'role' is owner, admin or agent.");
        }
        Account person = accounts.byId(accountId).filter(a -> !a.suspended())
                .orElseThrow(() -> ApiException.notFound("account"));
        if (person.isBusiness()) {
            throw ApiException.validation("Agents are people; a business cannot run another business.");
        }
        return tx.run(t -> {
            Handle h = t.handle();
            Agent actor = requireAgent(h, businessId, actorId);
            java.util.Optional<Agent> existing = store.agent(h, businessId, accountId);
            mayChange(actor, existing.map(Agent::role).orElse(null), role);
            if (existing.isPresent()) {
                if (existing.get().isOwner() && !Agent.OWNER.equals(role)) {
                    keepAnOwner(h, businessId);
                }
                store.setRole(h, businessId, accountId, role);
            } else {
                store.addAgent(h, businessId, accountId, role);
            }
            Agent now = store.agent(h, businessId, accountId).orElseThrow();
            return new Added(views(h, businessId, List.of(now)).get(0), existing.isEmpty());
        });
    }

    public void remove(String businessId, String actorId, String accountId) {
        requirePerson(actorId);
        tx.run(t -> {
            Handle h = t.handle();
            Agent actor = requireAgent(h, businessId, actorId);
            Agent target = store.agent(h, businessId, accountId).orElseThrow(() -> ApiException.notFound("agent"));
            if (!actorId.equals(accountId)) {
                mayChange(actor, target.role(), null);
            }
            if (target.isOwner()) {
                keepAnOwner(h, businessId);
            }
            store.removeAgent(h, businessId, accountId);
            inbox.unassignAll(t, businessId, accountId);
            return null;
        });
        onRemoved.accept(businessId, accountId);
    }

    /** Owners change anyone; admins only plain agents (to or from); agents nobody. */
    private static void mayChange(Agent actor, String fromRole, String toRole) {
        if (actor.isOwner()) {
            return;
        }
        boolean plain = (fromRole == null || Agent.AGENT.equals(fromRole)) && (toRole == null || Agent.AGENT.equals(toRole));
        if (!(Agent.ADMIN.equals(actor.role()) && plain)) {
            throw ApiException.forbidden("forbidden", Agent.ADMIN.equals(actor.role())
                    ? "Admins add and remove agents; only an owner changes admins and owners."
                    : "Only the business's owners and admins change its agents.");
        }
    }

    private void keepAnOwner(Handle h, String businessId) {
        long owners = store.agents(h, businessId).stream().filter(Agent::isOwner).count();
        if (owners <= 1) {
            throw ApiException.conflict("A business needs an owner: make someone else an owner first.");
        }
    }

    Agent requireAgent(Handle h, String businessId, String personId) {
        return store.agent(h, businessId, personId).orElseThrow(() -> ApiException.notFound("business"));
    }

    /** A business's bot (no person behind it) answers customers; it does not run the business. */
    private static void requirePerson(String actorId) {
        if (actorId == null) {
            throw ApiException.forbidden("forbidden", "Bots can't change a business's team or settings.");
        }
    }

    /** The caller's role, for routes that only owners and admins may use. */
    public void requireManager(String businessId, String personId) {
        requirePerson(personId);
        Agent a = db.read(h -> requireAgent(h, businessId, personId));
        if (!a.manages()) {
            throw ApiException.forbidden("forbidden", "Only the business's owners and admins change this.");
        }
    }

    private List<AgentView> views(Handle h, String businessId, List<Agent> agents) {
        Map<String, Long> load = inboxLoad(h, businessId);
        Map<String, Account> people = accounts.byIds(agents.stream().map(Agent::accountId).toList()).stream()
                .collect(Collectors.toMap(Account::id, Function.identity()));
        return agents.stream().filter(a -> people.containsKey(a.accountId()))
                .map(a -> new AgentView(Views.Brief.of(people.get(a.accountId())), a.role(), online.test(a.accountId()),
                        load.getOrDefault(a.accountId(), 0L), a.addedAt()))
                .toList();
    }

    private Map<String, Long> inboxLoad(Handle h, String businessId) {
        return inbox.openLoad(h, businessId);
    }
}
