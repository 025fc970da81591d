package dev.parley.business;

import dev.parley.account.Account;
import dev.parley.account.AccountStore;
import dev.parley.account.Views;
import dev.parley.event.EventTypes;
import dev.parley.event.Transactions;
import dev.parley.http.ApiException;
import dev.parley.http.Json;
import dev.parley.store.Database;
import dev.parley.store.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Invitations to a business's team. A business's owners and admins invite (through
 * {@link AgentService#add}); the person sees their invitations, and accepts (becoming an agent)
 * or declines; the business may withdraw one. Someone else's invitation is not found, exactly as
 * an unknown id. Each new invitation and each ending is told to the invitee on their own feed.
 */
public final class InvitationService {
    public static final String ACCEPTED = "accepted";
    public static final String DECLINED = "declined";
    public static final String WITHDRAWN = "withdrawn";

    private final Database db;
    private final Transactions tx;
    private final InvitationStore store = new InvitationStore();
    private final BusinessStore agents;
    private final AccountStore accounts;
    private final Clock clock;

    InvitationService(Database db, Transactions tx, BusinessStore agents, AccountStore accounts, Clock clock) {
        this.db = db;
        this.tx = tx;
        this.agents = agents;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** An invitation as its invitee sees it: which business, in what role, who asked, when. */
    public record Mine(String id, Views.Brief business, String role, Views.Brief invitedBy, Instant createdAt) {}

    /** What accepting gives: the business now run, in the role. */
    public record Joined(Views.Brief business, String role, String status) {}

    /**
     * Invites the person, or changes the role of their pending invitation.
     *
     * @return the invitation, and whether it is new
     */
    record Invited(Invitation invitation, boolean created) {}

    Invited invite(Transactions.Tx t, String businessId, String inviterId, String accountId, String role) {
        Handle h = t.handle();
        Optional<Invitation> pending = store.of(h, businessId, accountId);
        if (pending.isPresent()) {
            store.setRole(h, pending.get().id(), role);
            return new Invited(store.byId(h, pending.get().id()).orElseThrow(), false);
        }
        Invitation i = new Invitation(Ids.next('i'), businessId, accountId, role, inviterId, clock.instant());
        store.insert(h, i);
        Mine view = views(List.of(i)).get(0);
        String data = Json.write(Map.of("invitation", view));
        t.append(List.of(accountId), EventTypes.INVITATION_CREATED, null, null, clock.instant(), v -> data);
        return new Invited(i, true);
    }

    Optional<Invitation> pending(Handle h, String businessId, String accountId) {
        return store.of(h, businessId, accountId);
    }

    List<Invitation> ofBusiness(Handle h, String businessId) {
        return store.ofBusiness(h, businessId);
    }

    /** The business takes a pending invitation back. */
    void withdraw(Transactions.Tx t, Invitation i) {
        store.delete(t.handle(), i.id());
        closed(t, i, WITHDRAWN);
    }

    public List<Mine> mine(String accountId) {
        return views(db.read(h -> store.mine(h, accountId)));
    }

    public Joined accept(String accountId, String id) {
        return tx.run(t -> {
            Invitation i = own(t.handle(), accountId, id);
            if (agents.agent(t.handle(), i.businessId(), accountId).isEmpty()) {
                agents.addAgent(t.handle(), i.businessId(), accountId, i.role());
            }
            store.delete(t.handle(), i.id());
            closed(t, i, ACCEPTED);
            Account business = accounts.byId(i.businessId()).orElseThrow(() -> ApiException.notFound("invitation"));
            return new Joined(Views.Brief.of(business), i.role(), "active");
        });
    }

    public void decline(String accountId, String id) {
        tx.run(t -> {
            Invitation i = own(t.handle(), accountId, id);
            store.delete(t.handle(), i.id());
            closed(t, i, DECLINED);
            return null;
        });
    }

    /** The caller's own invitation; anyone else's is not found, as an unknown id. */
    private Invitation own(Handle h, String accountId, String id) {
        return store.byId(h, id).filter(i -> i.accountId().equals(accountId))
                .orElseThrow(() -> ApiException.notFound("invitation"));
    }

    private void closed(Transactions.Tx t, Invitation i, String outcome) {
        String data = Json.write(Map.of("id", i.id(), "business_id", i.businessId(), "outcome", outcome));
        t.append(List.of(i.accountId()), EventTypes.INVITATION_CLOSED, null, null, clock.instant(), v -> data);
    }

    private List<Mine> views(List<Invitation> invitations) {
        List<String> ids = invitations.stream().flatMap(i -> java.util.stream.Stream.of(i.businessId(), i.invitedBy()))
                .distinct().toList();
        Map<String, Account> known = accounts.byIds(ids).stream()
                .collect(Collectors.toMap(Account::id, Function.identity()));
        return invitations.stream().filter(i -> known.containsKey(i.businessId()))
                .map(i -> new Mine(i.id(), Views.Brief.of(known.get(i.businessId())), i.role(),
                        Optional.ofNullable(known.get(i.invitedBy())).map(Views.Brief::of).orElse(null), i.createdAt()))
                .toList();
    }
}
