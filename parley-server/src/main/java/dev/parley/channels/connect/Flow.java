package dev.parley.channels.connect;

import dev.parley.channels.ChannelException;
import dev.parley.channels.Channels;
import dev.parley.channels.Network;
import java.util.List;
import java.util.Optional;

/**
 * One network's OAuth flow, as its documentation shapes it: where to send the business's owner
 * ({@link #start}) and what the code the network sends back is worth ({@link #finish}): the
 * accounts the owner granted, with their tokens. Nothing is stored here; {@link ChannelConnect}
 * keeps the state and verifier between the two and stores the channel afterwards.
 */
interface Flow {

    Network network();

    /** The settings the operator must set before anyone can connect; empty when the flow is ready. */
    Optional<String> missing();

    /** A fresh authorization: the URL, the {@code state} it carries and the PKCE verifier (null without PKCE). */
    Start start(String redirectUri);

    /**
     * Exchanges the code for tokens and answers the accounts granted (Messenger: every Page the
     * owner runs, each with its Page token; the others: one account).
     *
     * @throws ChannelException when the network refuses a step (its code kept, never the token)
     */
    List<Channels.Credentials> finish(String code, String redirectUri, String verifier)
            throws ChannelException, InterruptedException;

    /**
     * Whether the channel's connector subscribes the account when it is stored (Messenger: the
     * Page's {@code subscribed_apps}); false when {@link #finish} already did (Instagram Login
     * subscribes with the user's token on its own host).
     */
    boolean connectorSubscribes();

    /** A step the operator does by hand for each connected account, when the server cannot (shown on the Channels page). */
    default Optional<String> manualStep() {
        return Optional.empty();
    }

    /** Where to send the owner, and what to keep until the network sends them back. */
    record Start(String url, String state, String verifier) {}
}
