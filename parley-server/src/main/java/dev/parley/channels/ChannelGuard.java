package dev.parley.channels;

import dev.parley.account.Account;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.Member;
import dev.parley.http.ApiException;
import dev.parley.media.AttachmentView;
import dev.parley.message.Message;
import dev.parley.message.SendGuard;
import dev.parley.store.Database;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * The channels' part of every send, around the business rules: a business's reply in a channel
 * conversation is refused before it is written when the network's window is closed (409
 * {@code channel_window_closed}) or the channel must be re-connected, and otherwise goes on the
 * outbox in the message's own transaction. Every other send pays one look at its member ids:
 * channel contacts carry their own id letter ({@link Account#CHANNEL_CONTACT}).
 *
 * <p>What the channels import from a network (a customer's message, the business's own message
 * sent from the network's app) runs {@link #importing}: it is already on the network, so neither
 * the window nor the outbox applies, and the business rules do not refuse what already happened.
 */
public final class ChannelGuard implements SendGuard {
    /** What is being imported on this thread: the network's id of it, to map in the message's own transaction. */
    private record Imported(String channelAccountId, String networkMessageId) {}

    private static final ThreadLocal<Imported> IMPORTING = new ThreadLocal<>();

    private final SendGuard rules;
    private final Database db;
    private final ChannelStore store;
    private final ChannelQueues queues;
    /** A reply with files where the node has no public address the network could fetch them from. */
    public static final String PUBLIC_URL_MISSING = "channel_public_url_missing";
    /** An edit or unsend of a reply the outbox is sending at this moment. */
    public static final String SENDING = "channel_reply_sending";

    private final Map<Network, Connector> connectors;
    private final boolean publicLinks;

    /** @param publicLinks whether the node can link its files for a network to fetch ({@code public_url} is set) */
    public ChannelGuard(SendGuard rules, Database db, ChannelStore store, ChannelQueues queues,
                        Map<Network, Connector> connectors, boolean publicLinks) {
        this.rules = rules;
        this.db = db;
        this.store = store;
        this.queues = queues;
        this.connectors = Map.copyOf(connectors);
        this.publicLinks = publicLinks;
    }

    /**
     * Runs a send of something already on the network (the check runs on the calling thread). The
     * message is mapped to its network id in the transaction that writes it, so no one sees it
     * unmapped: an agent's unsend in between took the Page app's message for an unsent reply.
     *
     * @param networkMessageId the network's id of it, or null when the network gave none
     */
    public static <T> T importing(String channelAccountId, String networkMessageId, Supplier<T> send) {
        IMPORTING.set(new Imported(channelAccountId, networkMessageId));
        try {
            return send.get();
        } finally {
            IMPORTING.remove();
        }
    }

    /** The rules' approval, and the imported message's mapping to its network id beside it. */
    private Approval mapped(Imported imported, Approval approval) {
        if (imported == null || imported.networkMessageId() == null) {
            return approval;
        }
        return (h, m) -> {
            approval.recordSent(h, m);
            store.mapMessage(h, imported.channelAccountId(), imported.networkMessageId(), m.id());
        };
    }

    @Override
    public Approval check(String senderId, String agentId, boolean automated, Conversation c, List<Member> members,
                          String text, Instant now) {
        return check(senderId, agentId, automated, c, members, text, List.of(), now);
    }

    @Override
    public Approval check(String senderId, String agentId, boolean automated, Conversation c, List<Member> members,
                          String text, List<AttachmentView> files, Instant now) {
        String contactId = !c.isDirect() ? null : members.stream().map(Member::accountId)
                .filter(Account::isChannelContact).findFirst().orElse(null);
        Imported imported = IMPORTING.get();
        if (contactId == null || contactId.equals(senderId)) {
            return mapped(imported, rules.check(senderId, agentId, automated, c, members, text, now));
        }
        if (imported != null) {
            return mapped(imported, Approval.NOTHING); // the business's message from the network's own app: already sent
        }
        ChannelStore.Contact contact = db.read(h -> store.contactByAccount(h, contactId))
                .orElseThrow(() -> ApiException.notFound("conversation"));
        ChannelStore.Stored channel = store.byId(contact.channelAccountId())
                .orElseThrow(() -> ApiException.notFound("conversation"));
        Connector connector = connectors.get(channel.account().network());
        if (!channel.usable() || connector == null) {
            throw new ApiException(409, ChannelError.RECONNECT_NEEDED.code, "The channel must be re-connected",
                    "The business's " + channel.account().network().wire + " account is not connected; "
                            + "re-connect it in the business's channel settings.");
        }
        boolean byPerson = agentId != null && !automated;
        ReplyPolicy policy = connector.policy();
        Window.Verdict verdict = Window.decide(policy, contact.lastInboundAt(), now, byPerson,
                channel.account().humanAgentApproved());
        if (verdict == Window.Verdict.CLOSED) {
            throw new ApiException(409, ChannelError.WINDOW_CLOSED.code, "The network's reply window is closed",
                    windowDetail(policy, byPerson, channel.account().humanAgentApproved()));
        }
        if (text != null && text.codePointCount(0, text.length()) > policy.maxTextChars()) {
            throw new ApiException(422, ChannelError.REFUSED.code, "Too long for the network",
                    channel.account().network().wire + " takes at most " + policy.maxTextChars() + " characters.");
        }
        attachable(channel.account().network(), policy, files);
        // The network's window first (its refusal names the network's rule), then Parley's own rules on top.
        Approval approved = rules.check(senderId, agentId, automated, c, members, text, now);
        ChannelAccount account = channel.account();
        boolean tagged = verdict == Window.Verdict.HUMAN_AGENT;
        return (h, m) -> {
            approved.recordSent(h, m);
            queues.queueReply(h, new ChannelQueues.Reply(m.id(), account.id(), c.id(), contact.externalUserId(),
                    m.text(), byPerson, tagged, 0, false), now);
        };
    }

    /**
     * An edit or unsend of a business's message in a channel conversation. A reply not yet sent
     * (and nobody sending it right now) is changed in the outbox, or cancelled, in the same
     * transaction. One the customer already has changes only where the network can pass it on (X
     * deletes a DM event its sender asks it to: queued on the outbox); otherwise 409
     * {@code channel_cannot_edit} / {@code channel_cannot_unsend}, saying the customer keeps it,
     * so the business's agent is not misled. A reply being sent right now: 409
     * {@code channel_reply_sending}.
     */
    @Override
    public void changing(Handle h, Message m, String edited, Instant now) {
        rules.changing(h, m, edited, now);
        List<ChannelStore.OnNetwork> copies = store.onNetwork(h, m.id());
        Optional<ChannelQueues.Outboxed> out = queues.outboxed(h, m.id(), now);
        if (copies.isEmpty() && out.isEmpty()) {
            return; // not a channel reply
        }
        boolean pending = out.map(o -> o.status().equals("pending")).orElse(false);
        if (copies.isEmpty() && !pending) {
            return; // it never reached the network (failed, cancelled)
        }
        if (copies.isEmpty() && (edited == null ? queues.cancel(h, m.id(), now) : queues.retext(h, m.id(), edited, now))) {
            return; // taken out of (or changed in) the outbox before it went
        }
        if (pending) {
            throw new ApiException(409, SENDING, "The reply is being sent",
                    "This reply is on its way to the network right now; try again in a moment.");
        }
        String accountId = copies.get(0).channelAccountId();
        Network network = store.byId(h, accountId).map(st -> st.account().network()).orElse(null);
        Connector connector = network == null ? null : connectors.get(network);
        String name = network == null ? "The network" : displayName(network);
        if (edited != null) {
            throw new ApiException(409, ChannelError.CANNOT_EDIT.code, "The network cannot edit a sent message", name
                    + " does not let a business edit a message it sent: the customer keeps it as it was sent. "
                    + "Send a correction instead.");
        }
        boolean ours = out.isPresent() && !out.get().unsend();
        if (ours && connector != null && connector.canUnsend() && queues.queueUnsend(h, m.id(), now)) {
            return; // taken back from the network through the outbox
        }
        throw new ApiException(409, ChannelError.CANNOT_UNSEND.code, "The network cannot unsend it", !ours
                && connector != null && connector.canUnsend()
                ? "This message was sent from " + name + "'s own app: unsend it there, or the customer keeps it."
                : name + " does not let a business unsend a message it sent: the customer keeps it.");
    }

    static String displayName(Network network) {
        return switch (network) {
            case MESSENGER -> "Messenger";
            case INSTAGRAM -> "Instagram";
            case X -> "X";
        };
    }

    /**
     * Each file within what the network takes (422 {@code channel_attachment_type} or
     * {@code channel_attachment_too_large}), and a public address for the network to fetch them
     * from (409 {@code channel_public_url_missing}): refused here, before anything is written.
     */
    private void attachable(Network network, ReplyPolicy policy, List<AttachmentView> files) {
        if (files.isEmpty()) {
            return;
        }
        String name = displayName(network);
        for (AttachmentView f : files) {
            policy.refusal(name, f.type(), f.size()).ifPresent(r -> {
                throw new ApiException(422, r.code(), r.code().equals(ReplyPolicy.Refusal.TYPE)
                        ? "The network does not take this file" : "Too large for the network",
                        "'" + f.name() + "' " + r.detail() + " Remove it to send the rest; nothing was sent.");
            });
        }
        if (!publicLinks) {
            throw new ApiException(409, PUBLIC_URL_MISSING, "Attachments need the server's public address",
                    name + " fetches a reply's files from this server by a link, and the server's public_url is not "
                            + "set: an operator must set it before files can go to a network. Nothing was sent.");
        }
    }

    private static String windowDetail(ReplyPolicy policy, boolean byPerson, boolean approved) {
        String base = "The customer last wrote more than " + policy.window().toHours() + " hours ago";
        if (policy.humanAgentWindow() == null) {
            return base + ".";
        }
        if (!byPerson) {
            return base + "; only a person's reply may go after that (with the HUMAN_AGENT tag).";
        }
        if (!approved) {
            return base + "; replies up to " + policy.humanAgentWindow().toDays()
                    + " days need the business's app approved for the HUMAN_AGENT tag.";
        }
        return "The customer last wrote more than " + policy.humanAgentWindow().toDays() + " days ago.";
    }
}
