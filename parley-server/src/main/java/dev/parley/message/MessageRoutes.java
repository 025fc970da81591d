package dev.parley.message;

import dev.parley.http.Acting;
import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.Caller;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import io.javalin.config.RoutesConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Sending, history, edit, unsend, reactions and search over HTTP. */
public final class MessageRoutes implements Routes {
    private final Authenticator auth;
    private final Acting acting;
    private final MessageService messages;
    private final MessageSearch search;
    private final SavedReplies savedReplies;

    public MessageRoutes(Authenticator auth, Acting acting, MessageService messages, MessageSearch search,
                         SavedReplies savedReplies) {
        this.auth = auth;
        this.acting = acting;
        this.messages = messages;
        this.search = search;
        this.savedReplies = savedReplies;
    }

    /**
     * @param automated    for business sends: written by automation (an integration), not by the agent
     * @param savedReplyId instead of {@code text}: a business sends a saved reply, rendered for this customer
     */
    public record SendBody(String clientId, String text, String replyTo, Boolean automated, String savedReplyId,
                           java.util.List<String> attachments) {}

    record EditBody(String text) {}

    @Override
    public void register(RoutesConfig r) {
        for (String prefix : Caller.PREFIXES) {
            shared(r, prefix);
        }
    }

    /** A bot token's send is the bot's; an agent may mark a send as automation (an integration). */
    private static AuthorKind authorKind(Caller c, SendBody b) {
        if (c.automated()) {
            return AuthorKind.BOT;
        }
        return c.agentId() != null && Boolean.TRUE.equals(b.automated()) ? AuthorKind.AUTOMATION
                : AuthorKind.personOrAgent(c.agentId());
    }

    /** Routes a person uses for themself and an agent uses for their business. */
    private void shared(RoutesConfig r, String prefix) {
        r.post(prefix + "/conversations/{id}/messages", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            SendBody b = Requests.body(ctx, SendBody.class);
            MessageService.Sent sent = messages.send(c.accountId(), c.agentId(), authorKind(c, b), ctx.pathParam("id"),
                    b.clientId(), text(c, ctx.pathParam("id"), b), b.replyTo(), b.attachments());
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
        r.get(prefix + "/messages/{id}/reactions", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            List<Map<String, Object>> out = new ArrayList<>();
            messages.reactors(c.accountId(), ctx.pathParam("id"))
                    .forEach((emoji, ids) -> out.add(Map.of("emoji", emoji, "account_ids", ids)));
            ctx.json(Map.of("reactions", out));
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

    /** The text to send: as given, or a saved reply rendered for this conversation's customer. */
    private String text(Caller c, String conversationId, SendBody b) {
        if (b.savedReplyId() == null) {
            return b.text();
        }
        if (b.text() != null) {
            throw ApiException.validation("Give 'text' or 'saved_reply_id', not both.");
        }
        if (c.agentId() == null && !c.automated()) {
            throw ApiException.validation("Saved replies belong to a business: send them through "
                    + "/api/v1/businesses/{id}/conversations/{cid}/messages.");
        }
        MessageInput.validClientId(b.clientId());
        return savedReplies.render(c.accountId(), c.agentId(), conversationId, b.savedReplyId());
    }

}
