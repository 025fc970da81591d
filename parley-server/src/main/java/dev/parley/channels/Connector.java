package dev.parley.channels;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One network's side of a channel: the small contract every network implements, so the channel
 * feature (contacts, conversations, the durable queues, the window, echoes) is written once.
 *
 * <p>Implementations hold their settings (secrets, API base URL) and the node's guarded
 * {@code outbound.OutboundClient}; they keep no per-conversation state.
 */
public interface Connector {

    Network network();

    /**
     * A GET on the webhook: Meta's {@code hub.mode=subscribe&hub.verify_token=…&hub.challenge=…}
     * handshake, X's {@code crc_token} check. Empty when the query is not a valid handshake (the
     * route answers 403).
     */
    Optional<Handshake> handshake(Map<String, String> query);

    /**
     * Why {@link #handshake} refuses this query, for the 403's detail so an operator setting up
     * the network's webhook sees what to fix; empty when it is answered.
     */
    default Optional<String> handshakeRefusal(Map<String, String> query) {
        return handshake(query).isPresent() ? Optional.empty()
                : Optional.of("The handshake is not one this node answers: it needs the network's token and this node's secret set.");
    }

    /**
     * Whether a POSTed delivery carries a valid signature over exactly these bytes, compared in
     * constant time. False (never "skip") when the header is missing or the secret is not set.
     *
     * @param header a header by name, case-insensitive; null when absent
     */
    boolean verify(byte[] rawBody, Function<String, String> header);

    /**
     * The events one verified delivery holds, in order. A delivery the network documents but Parley
     * does not handle yields {@link Inbound.Kind#UNSUPPORTED} rather than nothing, so the thread
     * says so; a body that is not the network's JSON throws {@link IllegalArgumentException}.
     */
    List<Inbound> parse(byte[] rawBody);

    /**
     * Sends one reply through the network's API as the business's account.
     *
     * @return the network's id for the sent message (stored, so its echo is recognised)
     * @throws ChannelException with the network's error mapped by code, never by text
     */
    String send(ChannelAccount account, Outbound message) throws ChannelException, InterruptedException;

    /**
     * How a reply goes out as the network's messages, each one {@link #send} call, in order. By
     * default (Meta's Send API: one attachment a call, no caption) each attachment is a message of
     * its own and the text comes last, the way a caption reads under a photo.
     */
    default List<Outbound> parts(Outbound reply) {
        List<Outbound> out = new java.util.ArrayList<>();
        for (Outbound.File f : reply.attachments()) {
            out.add(new Outbound(reply.contactExternalId(), null, List.of(f), reply.byPerson(), reply.humanAgentTag()));
        }
        if (reply.text() != null && !reply.text().isBlank()) {
            out.add(new Outbound(reply.contactExternalId(), reply.text(), List.of(), reply.byPerson(), reply.humanAgentTag()));
        }
        return out;
    }

    /** Whether the network lets the business take back a message it sent ({@link #unsend}). */
    default boolean canUnsend() {
        return false;
    }

    /**
     * Takes back the network's messages of one reply (its parts); one the network no longer has
     * counts as taken back.
     *
     * @throws ChannelException {@link ChannelError#CANNOT_UNSEND} where the network cannot, else its error mapped
     */
    default void unsend(ChannelAccount account, List<String> networkMessageIds) throws ChannelException, InterruptedException {
        throw new ChannelException(ChannelError.CANNOT_UNSEND, null, null, network().wire + " cannot unsend");
    }

    /** What the network allows a business to send, and when. */
    ReplyPolicy policy();

    /**
     * The person's name, username and picture URL as the network tells them; empty when the
     * network will not say (a missing profile is allowed).
     */
    Optional<Inbound.Profile> profile(ChannelAccount account, String externalUserId) throws InterruptedException;

    /**
     * Whether an {@link Inbound.Kind#ECHO} is of a message Parley itself sent through this
     * connector (Meta: the echo names Parley's app), so it is never shown a second time. Parley
     * also matches echoes by the network's message id; this catches an echo that arrives before
     * the send's answer did.
     */
    default boolean sentByParley(Inbound echo) {
        return false;
    }

    /**
     * Checks a newly connected account's credentials and subscribes it to message deliveries
     * (Meta: the Page's {@code subscribed_apps}); answers the account's name when the network tells it.
     *
     * @throws ChannelException {@link ChannelError#RECONNECT_NEEDED} when the token is refused
     */
    default Optional<String> subscribe(ChannelAccount account) throws ChannelException, InterruptedException {
        return Optional.empty();
    }

    /**
     * New credentials for an account whose token runs out soon ({@code refused} false) or was just
     * refused ({@code refused} true), when the network lets a token be renewed without the business
     * (X: OAuth 2.0 refresh tokens, which X rotates). Empty when there is nothing to renew (Meta's
     * Page tokens do not expire this way): the channel then needs re-connecting.
     *
     * @throws ChannelException {@link ChannelError#RECONNECT_NEEDED} when the network refuses the renewal
     */
    default Optional<ChannelAccount> renew(ChannelAccount account, boolean refused)
            throws ChannelException, InterruptedException {
        return Optional.empty();
    }

    /** The answer to a handshake: its content type and body. */
    record Handshake(String contentType, String body) {
    }
}
