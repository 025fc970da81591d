package dev.parley.delivery;

import dev.parley.account.AccountService;
import dev.parley.account.GraphService;
import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.conversation.ConversationService;
import dev.parley.http.Acting;
import dev.parley.http.Authenticator;
import dev.parley.message.MessageService;

/**
 * The socket side of delivery, wired once the features it serves exist: presence and the stream
 * routes, listening to the hub's commits and to the other nodes' signals.
 *
 * @param presence who is online, told to those who share a conversation
 * @param stream   the WebSocket routes
 */
public record DeliveryModule(Presence presence, StreamRoutes stream) {
    public static DeliveryModule build(Fanout fanout, ClusterSignals signals, Authenticator auth, Acting acting,
                                       AccountService accounts, GraphService graph, ConversationService conversations,
                                       MessageService messages, SocketControl control, Settings settings) {
        Presence presence = new Presence(fanout.hub(), conversations, graph, fanout.directory(), fanout.visibility());
        fanout.hub().listen(presence::introduce);
        StreamRoutes stream = new StreamRoutes(auth, acting, fanout.tickets(), fanout.hub(), presence, conversations,
                messages, graph, new StreamRoutes.Access(control.sockets(),
                new StreamOrigins(settings.get(Keys.PUBLIC_URL), settings.get(Keys.STREAM_ALLOWED_ORIGINS)), accounts));
        signals.listen(accounts, graph, stream, control.revocations());
        return new DeliveryModule(presence, stream);
    }
}
