package dev.parley.business;

import dev.parley.account.Account;
import dev.parley.account.AccountStore;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationService;
import dev.parley.conversation.Member;
import dev.parley.http.ApiException;
import dev.parley.message.SendGuard;
import dev.parley.policy.BusinessPolicy;
import dev.parley.policy.Classified;
import dev.parley.policy.Decision;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies the business rules to every message a business sends, whoever or whatever writes it
 * (an agent, a bot, an integration): no route can get around them. The same evaluation answers
 * the dry-run checks, so the composer shows exactly what a send would get.
 */
public final class BusinessRules implements SendGuard {
    private final BusinessPolicy policy;
    private final BusinessRulesStore store;
    private final AccountStore accounts;
    private final ConversationService conversations;
    private final Clock clock;
    /** Every check a send passes, these rules included; until wired, these rules alone. */
    private volatile SendGuard sends = this;
    /**
     * The dry run's reading of its text while it runs the whole chain on this thread: the chain is a
     * {@link SendGuard}, whose check carries no verdict, and these rules in it would read the text again.
     */
    private final ThreadLocal<Classified> dryRunReading = new ThreadLocal<>();

    public BusinessRules(BusinessPolicy policy, BusinessRulesStore store, AccountStore accounts,
                         ConversationService conversations, Clock clock) {
        this.policy = policy;
        this.store = store;
        this.accounts = accounts;
        this.conversations = conversations;
        this.clock = clock;
    }

    @Override
    public Approval check(String senderId, String agentId, boolean automated, Conversation c, List<Member> members,
                          String text, Instant now) {
        if (agentId == null && !automated) {
            return Approval.NOTHING; // a person writing as themself
        }
        Optional<Member> customer = customerOf(c, members, senderId);
        if (customer.isEmpty()) {
            return Approval.NOTHING;
        }
        String customerId = customer.get().accountId();
        boolean outreach = isOutreach(c, senderId);
        Classified read = Optional.ofNullable(dryRunReading.get()).filter(r -> r.text().equals(text))
                .orElseGet(() -> policy.classified(text));
        evaluate(senderId, customerId, c, outreach, read, agentId != null && !automated, now).orThrow();
        boolean promotional = read.plain().promotional();
        List<String> names = outreach ? namesOf(customerId) : List.of();
        return (h, m) -> {
            if (outreach) {
                store.logOutreach(h, senderId, customerId, BusinessPolicy.fingerprint(text, names), now);
            }
            if (promotional) {
                store.logPromotion(h, senderId, customerId, now);
            }
        };
    }

    /** Only direct conversations between the business and one customer are governed. */
    private static Optional<Member> customerOf(Conversation c, List<Member> members, String businessId) {
        if (!c.isDirect()) {
            return Optional.empty();
        }
        return members.stream().filter(m -> !m.accountId().equals(businessId)).findFirst();
    }

    /** The business's first message in a conversation it opened. */
    private static boolean isOutreach(Conversation c, String businessId) {
        return c.lastSeq() == 0 && businessId.equals(c.createdBy());
    }

    private Decision evaluate(String businessId, String customerId, Conversation c, boolean outreach, Classified text,
                              boolean human, Instant now) {
        if (outreach) {
            return policy.outreach(businessId, customerId, namesOf(customerId), text, now);
        }
        return policy.reply(businessId, customerId, c.id(), text, human, now);
    }

    private List<String> namesOf(String accountId) {
        Account a = accounts.byId(accountId).orElseThrow(() -> ApiException.notFound("account"));
        List<String> names = new ArrayList<>(List.of(a.handle(), a.displayName()));
        a.preferredName().ifPresent(names::add);
        return names;
    }

    /**
     * What sending this draft in the conversation would get now, without sending it: every check a
     * send passes, in its order ({@link #dryRunsThrough}: a moderator's restriction, a channel's
     * reply window, these rules), so the check never allows what the send then refuses; a refusal
     * by these rules carries the promotion check's reasons.
     *
     * @param agentId   the person writing for the business, as the send would name them
     * @param automated written by automation, as the send would say
     */
    public Decision dryRun(String businessId, String agentId, String conversationId, String text, boolean automated) {
        Conversation c = conversations.conversationFor(businessId, conversationId);
        List<Member> members = conversations.membersForSignal(businessId, conversationId);
        Optional<Member> customer = customerOf(c, members, businessId);
        Instant now = clock.instant();
        Classified read = policy.classified(text);
        Decision own = customer.isEmpty() ? Decision.inbox() : evaluate(businessId, customer.get().accountId(), c,
                isOutreach(c, businessId), read, agentId != null && !automated, now);
        dryRunReading.set(read); // the chain's own pass through these rules reads the text as this did
        try {
            sends.check(businessId, agentId, automated, c, members, text, now); // its approval is never recorded
        } catch (ApiException refused) {
            // The first refusal in the send's order (a channel's window before these rules); these rules'
            // own carries its reasons.
            return refused.code().equals(own.code()) ? withVerdict(own, read)
                    : Decision.refuse(refused.code(), refused.detail());
        } finally {
            dryRunReading.remove();
        }
        return withVerdict(own, read);
    }

    /** The whole chain of checks a business's send passes (wired once the channels exist), for {@link #dryRun}. */
    public void dryRunsThrough(SendGuard sends) {
        this.sends = sends;
    }

    /** Why this text reads as promotion (sent only to customers who opted in), or empty when it does not. */
    public Optional<List<String>> promotionReasons(String text) {
        return policy.promotionReasons(text);
    }

    /** What opening a conversation with this first message would get now. */
    public Decision outreachCheck(String businessId, String recipientId, String text) {
        Decision start = conversations.startPermission(businessId, recipientId);
        if (!start.allowed()) {
            return start;
        }
        Classified read = policy.classified(text);
        return withVerdict(policy.outreach(businessId, recipientId, namesOf(recipientId), read, clock.instant()), read);
    }

    /** An allowed decision still carries the classifier's reasons, so the composer can show them. */
    private Decision withVerdict(Decision d, Classified text) {
        if (!d.allowed() || !d.reasons().isEmpty()) {
            return d;
        }
        return new Decision(true, null, d.detail(), d.landsIn(), text.plain().reasons());
    }
}
