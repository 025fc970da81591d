package dev.parley.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.account.GraphService;
import dev.parley.config.RuleProfile;
import dev.parley.http.Acting;
import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.Caller;
import dev.parley.http.Principal;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import dev.parley.policy.Decision;
import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversations, members, requests, read pointers, "may I message them?" and the rules in force. */
public final class ConversationRoutes implements Routes {
    private final Authenticator auth;
    private final Acting acting;
    private final ConversationService conversations;
    private final GraphService graph;
    private final RuleProfile rules;

    public ConversationRoutes(Authenticator auth, Acting acting, ConversationService conversations, GraphService graph,
                              RuleProfile rules) {
        this.auth = auth;
        this.acting = acting;
        this.conversations = conversations;
        this.graph = graph;
        this.rules = rules;
    }

    record OpenBody(List<String> memberIds, String title) {}

    /**
     * {@code title} as sent: absent (null) leaves the title, while an explicit null (a NullNode) is
     * refused rather than taken as "no change", which answered 200 to a caller who meant something.
     */
    record PatchBody(JsonNode title, Boolean muted) {
        String titleText() {
            if (title == null) {
                return null;
            }
            if (title.isNull()) {
                throw ApiException.validation("Field 'title' may not be null; leave it out to keep the title.");
            }
            if (!title.isTextual()) {
                throw ApiException.badRequest("Field 'title' has the wrong type (expected a string).");
            }
            return title.asText();
        }
    }

    record AddBody(List<String> accountIds) {}

    record ReadBody(Long seq) {}

    record RoleBody(String role) {}

    @Override
    public void register(RoutesConfig r) {
        r.post("/api/v1/conversations", ctx -> {
            Principal p = Requests.principal(ctx, auth);
            OpenBody b = Requests.body(ctx, OpenBody.class);
            ConversationService.Opened o = conversations.open(p.accountId(), b.memberIds(), b.title());
            ctx.status(o.created() ? 201 : 200).json(o.conversation());
        });
        for (String prefix : Caller.PREFIXES) {
            shared(r, prefix);
        }
        r.get("/api/v1/accounts/{account}/dm-permission", ctx -> {
            Principal p = Requests.principal(ctx, auth);
            Decision d = conversations.dmPermission(p.accountId(), graph.resolve(p.accountId(), ctx.pathParam("account")));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("allowed", d.allowed());
            body.put("code", d.code());
            body.put("detail", d.detail());
            body.put("lands_in", d.landsIn());
            ctx.json(body);
        });
        r.put("/api/v1/conversations/{id}/notifications", ctx -> {
            Principal p = Requests.principal(ctx, auth);
            MuteBody b = MuteBody.parse(Requests.body(ctx, com.fasterxml.jackson.databind.JsonNode.class));
            ctx.json(conversations.mute(p.accountId(), ctx.pathParam("id"), b.forever(), b.until()));
        });
        r.get("/api/v1/rules", ctx -> ctx.json(rulesView(rules)));
    }

    /** Routes a person uses for themself and an agent uses for their business. */
    private void shared(RoutesConfig r, String prefix) {
        r.get(prefix + "/conversations", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            ctx.json(conversations.list(c.accountId(), Requests.query(ctx, "folder").orElse(Member.INBOX),
                    Requests.limit(ctx), Requests.query(ctx, "cursor")));
        });
        r.get(prefix + "/conversations/{id}", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            ctx.json(conversations.get(c.accountId(), ctx.pathParam("id")));
        });
        r.patch(prefix + "/conversations/{id}", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            PatchBody b = Requests.body(ctx, PatchBody.class);
            ctx.json(conversations.update(c.accountId(), ctx.pathParam("id"), b.titleText(), b.muted()));
        });
        r.post(prefix + "/conversations/{id}/members", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            ctx.json(conversations.addMembers(c.accountId(), ctx.pathParam("id"), Requests.body(ctx, AddBody.class).accountIds()));
        });
        r.delete(prefix + "/conversations/{id}/members/{account}", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            conversations.removeMember(c.accountId(), ctx.pathParam("id"), ctx.pathParam("account"));
            ctx.status(204);
        });
        r.put(prefix + "/conversations/{id}/members/{account}/role", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            String role = Requests.required(Requests.body(ctx, RoleBody.class).role(), "role");
            ctx.json(conversations.setRole(c.accountId(), ctx.pathParam("id"), ctx.pathParam("account"), role));
        });
        r.post(prefix + "/conversations/{id}/accept", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            ctx.json(conversations.accept(c.accountId(), ctx.pathParam("id")));
        });
        r.post(prefix + "/conversations/{id}/decline", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            conversations.decline(c.accountId(), ctx.pathParam("id"));
            ctx.status(204);
        });
        r.post(prefix + "/conversations/{id}/read", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            Long seq = Requests.required(Requests.body(ctx, ReadBody.class).seq(), "seq");
            ctx.json(conversations.markRead(c.accountId(), ctx.pathParam("id"), seq));
        });
    }

    static Map<String, Object> rulesView(RuleProfile rules) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", rules.name());
        m.put("group_max_members", rules.groupMaxMembers());
        m.put("message_requests", rules.messageRequests());
        m.put("request_message_limit", rules.requestMessageLimit());
        m.put("business_like_required", rules.businessLikeRequired());
        m.put("edit_window_seconds", rules.editWindow().toSeconds());
        m.put("unsend_window_seconds", rules.unsendWindow().map(java.time.Duration::toSeconds).orElse(null));
        m.put("business_reply_window_seconds", rules.businessReplyWindow().toSeconds());
        m.put("human_agent_reply_window_seconds", rules.humanAgentReplyWindow().toSeconds());
        return m;
    }
}
