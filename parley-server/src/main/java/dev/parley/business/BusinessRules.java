package dev.parley.business;

import dev.parley.account.Account;
import dev.parley.account.AccountStore;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationService;
import dev.parley.conversation.Member;
import dev.parley.http.ApiException;
import dev.parley.message.SendGuard;
import dev.parley.policy.BusinessPolicy;
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
        evaluate(senderId, customerId, c, outreach, text, agentId != null && !automated, now).orThrow();
        boolean promotional = policy.isPromotional(text);
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

    private Decision evaluate(String businessId, String customerId, Conversation c, boolean outreach, String text,
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
        Decision own = customer.isEmpty() ? Decision.inbox() : evaluate(businessId, customer.get().accountId(), c,
                isOutreach(c, businessId), text, agentId != null && !automated, now);
        try {
            sends.check(businessId, agentId, automated, c, members, text, now); // its approval is never recorded
        } catch (ApiException refused) {
            // The first refusal in the send's order (a channel's window before these rules); these rules'
            // own carries its reasons.
            return refused.code().equals(own.code()) ? withVerdict(own, text)
                    : Decision.refuse(refused.code(), refused.detail());
        }
        return withVerdict(own, text);
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
        return withVerdict(policy.outreach(businessId, recipientId, namesOf(recipientId), text, clock.instant()), text);
    }

    /** An allowed decision still carries the classifier's reasons, so the composer can show them. */
    private Decision withVerdict(Decision d, String text) {
        if (!d.allowed() || !d.reasons().isEmpty()) {
            return d;
        }
        return new Decision(true, null, d.detail(), d.landsIn(), policy.classify(text).reasons());
    }
}
