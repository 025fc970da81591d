package dev.parley.channels;

import dev.parley.http.Acting;
import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.Caller;
import dev.parley.http.Page;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * A business's channel settings under {@code /api/v1/businesses/{business}/channels}: every agent
 * sees the channels and their state (and whether a reply went out); owners and admins connect,
 * disconnect and set the HUMAN_AGENT approval.
 */
final class ChannelRoutes implements Routes {
    private final Authenticator auth;
    private final Acting acting;
    private final BiPredicate<String, String> mayManage;
    private final Channels channels;
    private final ChannelQueues queues;

    ChannelRoutes(Authenticator auth, Acting acting, BiPredicate<String, String> mayManage, Channels channels,
                  ChannelQueues queues) {
        this.auth = auth;
        this.acting = acting;
        this.mayManage = mayManage;
        this.channels = channels;
        this.queues = queues;
    }

    record ApprovalBody(Boolean approved) {}

    @Override
    public void register(RoutesConfig r) {
        String b = Caller.BUSINESS + "/channels";
        r.get(b, ctx -> ctx.json(new Page<>(channels.list(Caller.of(ctx, auth, acting).accountId()), null)));
        r.post(b, ctx -> {
            Caller c = manager(ctx);
            ctx.status(201).json(channels.connect(c.accountId(), Requests.body(ctx, Channels.Connect.class)));
        });
        r.delete(b + "/{channel}", ctx -> {
            Caller c = manager(ctx);
            channels.disconnect(c.accountId(), ctx.pathParam("channel"));
            ctx.status(204);
        });
        r.put(b + "/{channel}/human-agent", ctx -> {
            Caller c = manager(ctx);
            Boolean approved = Requests.required(Requests.body(ctx, ApprovalBody.class).approved(), "approved");
            ctx.json(channels.humanAgent(c.accountId(), ctx.pathParam("channel"), approved));
        });
        r.get(b + "/replies/{message}", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            String messageId = ctx.pathParam("message");
            ChannelQueues.ReplyStatus s = queues.replyStatus(messageId)
                    .filter(st -> channels.owns(c.accountId(), st.channelAccountId()))
                    .orElseThrow(() -> ApiException.notFound("reply"));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("message_id", messageId);
            body.put("status", s.status());
            body.put("error_code", s.errorCode());
            body.put("network_message_id", s.networkMessageId());
            ctx.json(body);
        });
    }

    private Caller manager(Context ctx) {
        Caller c = Caller.of(ctx, auth, acting);
        if (c.agentId() == null || !mayManage.test(c.accountId(), c.agentId())) {
            throw ApiException.forbidden("not_a_manager", "Only the business's owner and admins manage its channels.");
        }
        return c;
    }
}
