package dev.parley.channels.connect;

import dev.parley.channels.Channels;
import dev.parley.channels.Network;
import dev.parley.channels.x.XOAuth;
import dev.parley.http.Acting;
import dev.parley.http.Authenticator;
import dev.parley.http.Routes;
import dev.parley.outbound.OutboundClient;
import dev.parley.store.Database;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiPredicate;

/** The connect flows wired: one per network, the pending steps' store, the service and its routes. */
public final class ConnectModule {
    private ConnectModule() {
    }

    public static Routes routes(Database db, ConnectSettings settings, OutboundClient outbound, Channels channels,
                                Authenticator auth, Acting acting, BiPredicate<String, String> mayManage, Clock clock) {
        OAuthHttp http = new OAuthHttp(outbound);
        Map<Network, Flow> flows = new EnumMap<>(Network.class);
        flows.put(Network.MESSENGER, new MessengerFlow(settings.meta(), http));
        flows.put(Network.INSTAGRAM, new InstagramFlow(settings.instagram(), http, clock));
        flows.put(Network.X, new XFlow(settings.x(), settings.xWebhookId(), new XOAuth(settings.x(), outbound, clock),
                http));
        ChannelConnect connect = new ChannelConnect(new ConnectStore(db), flows, channels, mayManage,
                settings.publicUrl(), clock);
        return new ConnectRoutes(auth, acting, mayManage, connect);
    }
}
