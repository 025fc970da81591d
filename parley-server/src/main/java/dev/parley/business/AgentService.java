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
    private final InvitationService invitations;

    /** @param onRemoved hears (business, person) once an agent is removed: their business streams close */
    AgentService(Database db, Transactions tx, BusinessStore store, AccountStore accounts, InboxService inbox,
                 Predicate<String> online, BiConsumer<String, String> onRemoved, InvitationService invitations) {
        this.onRemoved = onRemoved;
        this.invitations = invitations;
        this.db = db;
        this.tx = tx;
        this.store = store;
        this.accounts = accounts;
        this.inbox = inbox;
        this.online = online;
    }

    public static final String ACTIVE = "active";
    public static final String INVITED = "invited";

    /**
     * A person of the team as the team sees them: who, in what role, whether they are an agent yet
     * ({@code active}) or only invited ({@code invited}, with the invitation's id), online now, and
     * how many open conversations they have.
     *
     * @param addedAt when they became an agent, or when they were invited
     */
    public record AgentView(Views.Brief account, String role, String status, String invitationId, boolean online,
                            long openConversations, Instant addedAt) {}

    /** The agents, then the people invited and not answered yet. */
    public List<AgentView> list(String businessId) {
        return db.read(h -> {
            List<AgentView> out = new java.util.ArrayList<>(views(h, businessId, store.agents(h, businessId)));
            out.addAll(invitedViews(invitations.ofBusiness(h, businessId)));
            return out;
        });
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
        return tx.run(t -> {
            Handle h = t.handle();
            Agent actor = requireAgent(h, businessId, actorId);
            java.util.Optional<Agent> existing = store.agent(h, businessId, accountId);
            if (existing.isEmpty()) {
                Account person = invitable(businessId, accountId);
                mayChange(actor, invitations.pending(h, businessId, accountId).map(Invitation::role).orElse(null), role);
                InvitationService.Invited invited = invitations.invite(t, businessId, actorId, person.id(), role);
                return new Added(invitedViews(List.of(invited.invitation())).get(0), invited.created());
            }
            mayChange(actor, existing.get().role(), role);
            if (existing.get().isOwner() && !Agent.OWNER.equals(role)) {
                keepAnOwner(h, businessId);
            }
            store.setRole(h, businessId, accountId, role);
            Agent now = store.agent(h, businessId, accountId).orElseThrow();
            return new Added(views(h, businessId, List.of(now)).get(0), false);
        });
    }

    /**
     * A person the business may invite: an account in the business's network that has not blocked
     * it (nor it them); anyone else is not found, as an unknown id.
     */
    private Account invitable(String businessId, String accountId) {
        Account person = accounts.byId(accountId).filter(a -> !a.suspended())
                .orElseThrow(() -> ApiException.notFound("account"));
        Account business = accounts.byId(businessId).orElseThrow(() -> ApiException.notFound("business"));
        if (!person.sameNetwork(business) || accounts.hasEdge(AccountStore.Edge.BLOCK, accountId, businessId)
                || accounts.hasEdge(AccountStore.Edge.BLOCK, businessId, accountId)) {
            throw ApiException.notFound("account");
        }
        if (person.isBusiness()) {
            throw ApiException.validation("Agents are people; a business cannot run another business.");
        }
        return person;
    }

    /** Removes an agent, or withdraws the invitation of someone not an agent yet. */
    public void remove(String businessId, String actorId, String accountId) {
        requirePerson(actorId);
        boolean wasAgent = tx.run(t -> {
            Handle h = t.handle();
            Agent actor = requireAgent(h, businessId, actorId);
            java.util.Optional<Agent> agent = store.agent(h, businessId, accountId);
            if (agent.isEmpty()) { // not an agent yet: withdraw their invitation
                Invitation i = invitations.pending(h, businessId, accountId)
                        .orElseThrow(() -> ApiException.notFound("agent"));
                mayChange(actor, i.role(), null);
                invitations.withdraw(t, i);
                return false;
            }
            Agent target = agent.get();
            if (!actorId.equals(accountId)) {
                mayChange(actor, target.role(), null);
            }
            if (target.isOwner()) {
                keepAnOwner(h, businessId);
            }
            store.removeAgent(h, businessId, accountId);
            inbox.unassignAll(t, businessId, accountId);
            return true;
        });
        if (wasAgent) {
            onRemoved.accept(businessId, accountId);
        }
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

    /** Is this person one of the business's owners or admins. */
    public boolean manages(String businessId, String personId) {
        return personId != null && db.read(h -> store.agent(h, businessId, personId)).map(Agent::manages).orElse(false);
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
                .map(a -> new AgentView(Views.Brief.of(people.get(a.accountId())), a.role(), ACTIVE, null,
                        online.test(a.accountId()), load.getOrDefault(a.accountId(), 0L), a.addedAt()))
                .toList();
    }

    private List<AgentView> invitedViews(List<Invitation> invited) {
        Map<String, Account> people = accounts.byIds(invited.stream().map(Invitation::accountId).toList()).stream()
                .collect(Collectors.toMap(Account::id, Function.identity()));
        return invited.stream().filter(i -> people.containsKey(i.accountId()))
                .map(i -> new AgentView(Views.Brief.of(people.get(i.accountId())), i.role(), INVITED, i.id(), false, 0,
                        i.createdAt()))
                .toList();
    }

    private Map<String, Long> inboxLoad(Handle h, String businessId) {
        return inbox.openLoad(h, businessId);
    }
}
