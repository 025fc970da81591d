package dev.parley.message;

import dev.parley.account.Account;
import dev.parley.account.AccountStore;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationStore;
import dev.parley.conversation.Member;
import dev.parley.http.ApiException;
import dev.parley.media.AttachmentView;
import dev.parley.policy.Policy;
import dev.parley.safety.HiddenWords;
import dev.parley.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The checks of a send, before it joins a group commit: membership, the DM policy, the business
 * rules ({@link SendGuard}), the reply target and hidden words. Its answer is one of three: the
 * send is {@link Ready} to be written, it is a {@link Retry} of a message already stored (answered
 * with that message whatever the checks say now), or it is {@link Refused}.
 *
 * @implNote On SQLite the facts a send checks are kept in memory ({@link ConversationStore#sendFacts});
 * when they suffice and the send passes, no read is needed. Otherwise the checks read the store:
 * a conversation not in memory, a sender who is not a member, a reply (its target must not be one
 * the sender deleted for themselves), a pending request whose sends are
 * counted, or a check that refuses and so may be a retry to answer with its stored message. A
 * retry that passes the checks is found by the writer, which looks up every batch's client_ids
 * anyway (it must: two sends of one client_id can be in flight at once), so the common send pays
 * one read here: the conversation with its members.
 */
final class SendCheck {
    /** What was asked: a send of {@code text} to a conversation, by a person or for a business. */
    record Request(String senderId, String agentId, AuthorKind authorKind, String conversationId, String clientId,
                   String text, String replyTo, List<String> attachments) {}

    /** What the checks decided. */
    sealed interface Result permits Ready, Retry, Refused {}

    /** Passed: the plan the writer follows. */
    record Ready(SendPlan plan) implements Result {}

    /** A retry of a message already stored: answered with it, nothing is written. */
    record Retry(MessageService.Sent sent) implements Result {}

    /** Refused: the problem to answer. */
    record Refused(ApiException problem) implements Result {}

    private final Database db;
    private final MessageStore store;
    private final MessageViews views;
    private final ConversationStore conversations;
    private final AccountStore accounts;
    private final Policy policy;
    private final SendGuard guard;
    private final SendScreen screen;
    private final Clock clock;
    private final Cleared cleared;

    /** Up to which seq a member's view of a conversation is cleared ("delete for me"; 0: none). */
    @FunctionalInterface
    interface Cleared {
        long upTo(Handle h, String conversationId, String accountId);
    }

    SendCheck(Database db, MessageStore store, MessageViews views, ConversationStore conversations,
              AccountStore accounts, Policy policy, SendGuard guard, SendScreen screen, Clock clock, Cleared cleared) {
        this.cleared = cleared;
        this.db = db;
        this.store = store;
        this.views = views;
        this.conversations = conversations;
        this.accounts = accounts;
        this.policy = policy;
        this.guard = guard;
        this.screen = screen;
        this.clock = clock;
    }

    Result check(Request r) {
        // Named before the write: the business's agents see who wrote it.
        String agentName = r.agentId() == null ? null : views.agentNames(List.of(r.agentId())).get(r.agentId());
        Optional<SendPlan> fromMemory = fromMemory(r, agentName);
        if (fromMemory.isPresent()) {
            return new Ready(fromMemory.get());
        }
        return db.read(h -> {
            try {
                return fromStore(h, r, agentName);
            } catch (ApiException refused) {
                return new Refused(refused);
            }
        });
    }

    /** The message this sender already stored under the client_id, if any: what a retry answers. */
    Optional<MessageService.Sent> retried(Handle h, String conversationId, String senderId, String clientId,
                                          String text) {
        return store.byClientId(h, conversationId, senderId, clientId).map(existing -> {
            if (!existing.retriedBy(text, () -> store.firstTextDigest(h, existing.conversationId(), existing.seq()))) {
                throw ApiException.conflict("client_id '" + clientId + "' was already used for a different message.");
            }
            return new MessageService.Sent(views.render(h, existing, senderId), false);
        });
    }

    private Result fromStore(Handle h, Request r, String agentName) {
        ConversationStore.WithMembers found = conversations.withMembers(h, r.conversationId())
                .orElseThrow(() -> ApiException.notFound("conversation"));
        Member me = found.member(r.senderId()).filter(Member::sees)
                .orElseThrow(() -> ApiException.notFound("conversation"));
        try {
            return new Ready(checked(h, me, found.conversation(), found.members(), r, agentName));
        } catch (ApiException refused) {
            // A retry of a message already stored gets that message, whatever the checks say now.
            Optional<MessageService.Sent> again = retried(h, r.conversationId(), r.senderId(), r.clientId(), r.text());
            if (again.isPresent()) {
                return new Retry(again.get());
            }
            throw refused;
        }
    }

    /** The checks from the facts kept in memory, when they suffice and pass; else empty. */
    private Optional<SendPlan> fromMemory(Request r, String agentName) {
        Optional<ConversationStore.WithMembers> known = conversations.sendFacts()
                .flatMap(f -> f.get(r.conversationId()));
        if (known.isEmpty() || !r.attachments().isEmpty() || r.replyTo() != null) {
            return Optional.empty(); // attachments and reply targets are checked against the store
        }
        Conversation c = known.get().conversation();
        List<Member> members = known.get().members();
        Member me = known.get().member(r.senderId()).filter(Member::sees).orElse(null);
        if (me == null) {
            return Optional.empty();
        }
        if (c.isDirect() && members.stream().filter(m -> !m.accountId().equals(r.senderId())).findFirst()
                .map(other -> !Member.INBOX.equals(other.folder())).orElse(true)) {
            return Optional.empty();
        }
        try {
            return Optional.of(checked(null, me, c, members, r, agentName));
        } catch (ApiException refused) {
            return Optional.empty();
        }
    }

    /** @param h a reader, needed only when a direct conversation's other member has not accepted it */
    private SendPlan checked(Handle h, Member me, Conversation c, List<Member> members, Request r, String agentName) {
        String senderId = r.senderId();
        if (c.isDirect()) {
            Member other = members.stream().filter(m -> !m.accountId().equals(senderId)).findFirst().orElseThrow();
            long sent = Member.INBOX.equals(other.folder()) ? 0 : conversations.countSentBy(h, c.id(), senderId);
            policy.mayPostDirect(senderId, other.accountId(), other.folder(), sent).orThrow();
        }
        if (!r.attachments().isEmpty()) {
            attachable(h, c, members, r);
        }
        String reply = r.replyTo() == null ? null : validReply(r.replyTo(), c, cleared.upTo(h, c.id(), senderId));
        List<AttachmentView> files = r.attachments().isEmpty() ? List.of() : views.attachments().describe(h, r.attachments());
        SendGuard.Approval approval = guard.check(senderId, r.agentId(), r.authorKind().automated(), c, members, r.text(),
                files, clock.instant());
        SendScreen.Verdict screened = screen.screen(senderId, r.agentId(), r.authorKind().automated(), r.text());
        // A shadowed message reaches nobody, so it moves nobody's request to their hidden folder.
        List<String> hidden = screened.shadowed() ? List.of() : hiddenBy(members, r.text());
        List<String> recipients = members.stream().filter(Member::sees).map(Member::accountId).toList();
        List<String> requested = members.stream().filter(m -> Member.REQUESTS.equals(m.folder()))
                .map(Member::accountId).filter(id -> !hidden.contains(id)).toList();
        return new SendPlan(c.id(), senderId, r.agentId(), agentName, r.clientId(), r.text(), reply, me.isRequest(),
                recipients, requested, hidden, c.createdBy(), approval, r.authorKind(), r.attachments(),
                views.hidden().hiding(recipients, senderId, r.text()), screened);
    }

    /**
     * The rules beyond the sender's own on an edit or unsend of {@code m} (a block, a channel's
     * network), in its transaction. An edit reaches the others as a send does, so it passes
     * {@link #reaching}; an unsend ({@code edited} null) only takes back, and stays allowed.
     */
    void changing(Handle h, Message m, String edited) {
        if (edited != null) {
            reaching(h, m, m.senderId(), false);
        }
        guard.changing(h, m, edited, clock.instant());
    }

    /** A new reaction passes {@link #reaching}; taking one back reaches no one new (as an unsend) and stays allowed. */
    void reacting(Handle h, Message m, String actorId, boolean add) {
        if (add) {
            reaching(h, m, actorId, true);
        }
    }

    /**
     * A block refuses a reaction or an edit as it refuses a send ({@code blocked}, 403): in a direct
     * conversation a block either way between the two. In a group a block between the actor and the
     * message's sender refuses a reaction to that message, which is aimed at its sender (a group's
     * messages still reach a member blocked by another, as the send path lets them, and so do edits of them
     * and reactions to a third member's message).
     *
     * @param reaction true for a reaction to {@code m}, false for an edit of it by its sender
     */
    void reaching(Handle h, Message m, String actorId, boolean reaction) {
        ConversationStore.WithMembers found = conversations.withMembers(h, m.conversationId())
                .orElseThrow(() -> ApiException.notFound("message"));
        if (found.conversation().isDirect()) {
            found.members().stream().map(Member::accountId).filter(id -> !id.equals(actorId)).findFirst()
                    .ifPresent(other -> policy.mayReach(actorId, other).orThrow());
        } else if (reaction && !m.senderId().equals(actorId)) {
            policy.mayReach(actorId, m.senderId()).orThrow();
        }
    }

    /**
     * A message request (and so a business's outreach, which opens as one) is text only, as on
     * Instagram: nobody gets a stranger's photo before accepting. The uploads must be the sender's
     * and unsent.
     */
    private void attachable(Handle h, Conversation c, List<Member> members, Request r) {
        boolean request = members.stream().filter(m -> !m.accountId().equals(r.senderId()))
                .anyMatch(m -> c.isDirect() ? !Member.INBOX.equals(m.folder()) : Member.REQUESTS.equals(m.folder()));
        if (request) {
            throw ApiException.forbidden("request_text_only",
                    "A message request is text only: attachments can be sent once the request is accepted.");
        }
        views.attachments().requireUsable(h, r.senderId(), r.attachments());
    }

    /** Pending requests whose recipient hides a word of this message: they move to the hidden folder. */
    private List<String> hiddenBy(List<Member> members, String text) {
        List<String> pending = members.stream().filter(m -> Member.REQUESTS.equals(m.folder()))
                .map(Member::accountId).toList();
        if (pending.isEmpty()) {
            return List.of();
        }
        return accounts.byIds(pending).stream()
                .filter(a -> HiddenWords.matches(a.hiddenWords(), text))
                .map(Account::id).toList();
    }

    /** A message of this conversation the sender may see: one they deleted for themselves is as unknown. */
    private static String validReply(String replyTo, Conversation c, long clearedUpTo) {
        Optional<MessageIds.Key> key = MessageIds.parse(replyTo);
        if (key.isEmpty() || !key.get().conversationId().equals(c.id()) || key.get().seq() > c.lastSeq()
                || key.get().seq() <= clearedUpTo) {
            throw ApiException.validation("'reply_to' must be a message of this conversation.");
        }
        return replyTo;
    }
}
