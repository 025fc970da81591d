package dev.parley.business;

import dev.parley.conversation.ConversationService;
import dev.parley.http.Authenticator;
import dev.parley.http.Caller;
import dev.parley.http.Principal;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import dev.parley.message.MessageInput;
import dev.parley.message.MessageService;
import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Making business pages, listing the ones the caller runs, and a business opening a conversation. */
public final class BusinessRoutes implements Routes {
    private final Authenticator auth;
    private final BusinessService businesses;
    private final ConversationService conversations;
    private final MessageService messages;
    private final BusinessRules rules;

    public BusinessRoutes(Authenticator auth, BusinessService businesses, ConversationService conversations,
                          MessageService messages, BusinessRules rules) {
        this.auth = auth;
        this.rules = rules;
        this.businesses = businesses;
        this.conversations = conversations;
        this.messages = messages;
    }

    record CreateBody(String handle, String displayName) {}

    /** @param attachments refused: an outreach opens as a message request, which is text only */
    record OutreachBody(List<String> memberIds, String clientId, String text, List<String> attachments) {}

    @Override
    public void register(RoutesConfig r) {
        r.post("/api/v1/businesses", ctx -> {
            Principal p = Requests.principal(ctx, auth);
            CreateBody b = Requests.body(ctx, CreateBody.class);
            ctx.status(201).json(Map.of("business", businesses.create(p.accountId(), b.handle(), b.displayName())));
        });
        r.get("/api/v1/me/businesses", ctx -> {
            Principal p = Requests.principal(ctx, auth);
            ctx.json(new dev.parley.http.Page<>(businesses.businessesOf(p.accountId()), null));
        });
        // Outreach: a business opens a conversation, as a message request, with its first message.
        r.post(Caller.BUSINESS + "/conversations", ctx -> {
            Caller c = Caller.of(ctx, auth, businesses);
            OutreachBody b = Requests.body(ctx, OutreachBody.class);
            if (b.attachments() != null && !b.attachments().isEmpty()) {
                throw dev.parley.http.ApiException.forbidden("request_text_only",
                        "A business's outreach opens as a message request, which is text only.");
            }
            MessageInput.validClientId(b.clientId());
            MessageInput.validText(b.text());
            String recipient = oneRecipient(b.memberIds());
            // Checked before anything is written, so a refused outreach leaves no empty conversation.
            rules.outreachCheck(c.accountId(), recipient, b.text()).orThrow();
            ConversationService.Opened o = conversations.openAsRequest(c.accountId(), recipient);
            MessageService.Sent sent = messages.send(c.accountId(), c.agentId(), o.conversation().id(), b.clientId(),
                    b.text(), null);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("conversation", conversations.get(c.accountId(), o.conversation().id()));
            body.put("message", sent.message());
            ctx.status(o.created() ? 201 : 200).json(body);
        });
    }

    private static String oneRecipient(List<String> memberIds) {
        if (memberIds == null || memberIds.size() != 1 || memberIds.get(0) == null || memberIds.get(0).isBlank()) {
            throw dev.parley.http.ApiException.validation("A business reaches out to one person at a time: "
                    + "'member_ids' holds exactly one account id.");
        }
        return memberIds.get(0);
    }
}
