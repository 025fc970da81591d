package dev.parley.message;

import dev.parley.conversation.LastMessages;
import dev.parley.http.Acting;
import dev.parley.http.Authenticator;
import dev.parley.http.Caller;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import io.javalin.config.RoutesConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Sending, history, edit, unsend, reactions and search over HTTP. */
public final class MessageRoutes implements Routes {
    private final Authenticator auth;
    private final Acting acting;
    private final MessageService messages;
    private final MessageSearch search;

    public MessageRoutes(Authenticator auth, Acting acting, MessageService messages, MessageSearch search) {
        this.auth = auth;
        this.acting = acting;
        this.messages = messages;
        this.search = search;
    }

    /** @param automated for business sends: written by automation (an integration), not by the agent */
    public record SendBody(String clientId, String text, String replyTo, Boolean automated) {}

    record EditBody(String text) {}

    @Override
    public void register(RoutesConfig r) {
        for (String prefix : Caller.PREFIXES) {
            shared(r, prefix);
        }
    }

    /** Routes a person uses for themself and an agent uses for their business. */
    private void shared(RoutesConfig r, String prefix) {
        r.post(prefix + "/conversations/{id}/messages", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            SendBody b = Requests.body(ctx, SendBody.class);
            boolean automated = c.automated() || (c.agentId() != null && Boolean.TRUE.equals(b.automated()));
            MessageService.Sent sent = messages.send(c.accountId(), c.agentId(), automated, ctx.pathParam("id"),
                    b.clientId(), b.text(), b.replyTo());
            ctx.status(sent.created() ? 201 : 200).json(sent.message());
        });
        r.get(prefix + "/conversations/{id}/messages", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            ctx.json(messages.history(c.accountId(), ctx.pathParam("id"), Requests.longQuery(ctx, "before"),
                    Requests.longQuery(ctx, "after"), Requests.limit(ctx)));
        });
        r.get(prefix + "/messages/{id}", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            ctx.json(messages.get(c.accountId(), ctx.pathParam("id")));
        });
        r.patch(prefix + "/messages/{id}", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            ctx.json(messages.edit(c.accountId(), ctx.pathParam("id"), Requests.body(ctx, EditBody.class).text()));
        });
        r.delete(prefix + "/messages/{id}", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            ctx.json(messages.unsend(c.accountId(), ctx.pathParam("id")));
        });
        r.put(prefix + "/messages/{id}/reactions/{emoji}", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            ctx.json(messages.react(c.accountId(), ctx.pathParam("id"), ctx.pathParam("emoji"), true));
        });
        r.delete(prefix + "/messages/{id}/reactions/{emoji}", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            ctx.json(messages.react(c.accountId(), ctx.pathParam("id"), ctx.pathParam("emoji"), false));
        });
        r.get(prefix + "/search/messages", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            ctx.json(search.search(c.accountId(), ctx.queryParam("q"), Requests.query(ctx, "conversation_id"),
                    Requests.limit(ctx), Requests.query(ctx, "cursor")));
        });
    }

    /** Last-message previews for conversation lists. */
    public static LastMessages previews(MessageStore store) {
        return (h, viewer, seqs) -> {
            Map<String, Object> out = new HashMap<>();
            store.at(h, seqs).forEach((conversation, m) -> out.put(conversation, MessageView.of(m, Map.of())));
            return out;
        };
    }

}
