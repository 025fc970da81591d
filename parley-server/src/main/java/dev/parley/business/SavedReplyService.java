package dev.parley.business;

import dev.parley.account.Account;
import dev.parley.account.AccountStore;
import dev.parley.account.Validation;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationService;
import dev.parley.http.ApiException;
import dev.parley.http.Page;
import dev.parley.message.MessageInput;
import dev.parley.message.SavedReplies;
import dev.parley.store.Database;
import dev.parley.store.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * Saved replies: a business's shared shortcuts with template bodies ({@link Template}), checked
 * when saved, previewed and sent for one customer. A value the body needs that this customer
 * lacks, with no fallback, is a 422 {@code template_value_missing} for the agent, never a
 * message with a hole in it.
 */
public final class SavedReplyService implements SavedReplies {
    public static final String CUSTOMER_FIRST_NAME = "customer.first_name";
    public static final String CUSTOMER_DISPLAY_NAME = "customer.display_name";
    public static final String AGENT_FIRST_NAME = "agent.first_name";
    public static final String BUSINESS_NAME = "business.name";
    /** "Harbour Outfitters'" or "Ann's": a template cannot know which the name needs. */
    public static final String BUSINESS_NAME_POSSESSIVE = "business.name_possessive";
    public static final Set<String> VARIABLES = new LinkedHashSet<>(List.of(CUSTOMER_FIRST_NAME, CUSTOMER_DISPLAY_NAME,
            AGENT_FIRST_NAME, BUSINESS_NAME, BUSINESS_NAME_POSSESSIVE));
    private static final Pattern SHORTCUT = Pattern.compile("[a-z0-9_-]{1,32}");

    private final Database db;
    private final SavedReplyStore store;
    private final ConversationService conversations;
    private final InboxService inbox;
    private final AccountStore accounts;
    private final BiPredicate<String, String> manages;
    private final Clock clock;

    /** @param manages (business, person) → is this person one of the business's owners or admins */
    SavedReplyService(Database db, SavedReplyStore store, ConversationService conversations, InboxService inbox,
                      AccountStore accounts, BiPredicate<String, String> manages, Clock clock) {
        this.db = db;
        this.manages = manages;
        this.store = store;
        this.conversations = conversations;
        this.inbox = inbox;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** @param agentId who wrote it, or null for the business's bot */
    public SavedReply create(String businessId, String agentId, String shortcut, String title, String body) {
        Instant now = clock.instant();
        SavedReplyStore.Row r = new SavedReplyStore.Row(Ids.next('r'), validShortcut(shortcut), validTitle(title),
                validBody(body), agentId != null ? agentId : businessId, now, now);
        try {
            store.insert(businessId, r);
        } catch (RuntimeException e) {
            throw taken(e, r.shortcut());
        }
        return view(r);
    }

    public SavedReply get(String businessId, String id) {
        return view(require(businessId, id));
    }

    /** By shortcut; {@code q} keeps those whose shortcut starts with it (the "/" picker). */
    public Page<SavedReply> list(String businessId, Optional<String> q, int limit, Optional<String> cursor) {
        String prefix = q.map(s -> s.startsWith("/") ? s.substring(1) : s).orElse("").toLowerCase(java.util.Locale.ROOT);
        if (!prefix.isEmpty() && !SHORTCUT.matcher(prefix).matches()) {
            return new Page<>(List.of(), null);
        }
        String after = cursor.map(SavedReplyService::decode).orElse("");
        List<SavedReplyStore.Row> rows = store.list(businessId, prefix, after, limit + 1);
        boolean more = rows.size() > limit;
        List<SavedReplyStore.Row> page = more ? rows.subList(0, limit) : rows;
        List<SavedReply> items = new ArrayList<>();
        page.forEach(r -> items.add(view(r)));
        return new Page<>(items, more ? encode(page.get(page.size() - 1).shortcut()) : null);
    }

    /** @param agentId who changes it, or null for the business's bot; see {@link #requireMayChange} */
    public SavedReply update(String businessId, String agentId, String id, String shortcut, String title, String body) {
        SavedReplyStore.Row was = require(businessId, id);
        requireMayChange(businessId, agentId, was);
        SavedReplyStore.Row r = new SavedReplyStore.Row(id,
                shortcut == null ? was.shortcut() : validShortcut(shortcut),
                title == null ? was.title() : validTitle(title),
                body == null ? was.body() : validBody(body), was.createdBy(), was.createdAt(), clock.instant());
        try {
            if (!store.update(businessId, r)) {
                throw ApiException.notFound("saved reply");
            }
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw taken(e, r.shortcut());
        }
        return view(r);
    }

    public void delete(String businessId, String agentId, String id) {
        requireMayChange(businessId, agentId, require(businessId, id));
        if (!store.delete(businessId, id)) {
            throw ApiException.notFound("saved reply");
        }
    }

    /**
     * The team shares its saved replies, and one agent must not rewrite or delete what a colleague wrote
     * (a reply the whole team sends, in the business's name): the author changes their own, owners and
     * admins any. Everyone may read and send them all.
     */
    private void requireMayChange(String businessId, String agentId, SavedReplyStore.Row r) {
        String actor = agentId != null ? agentId : businessId;
        if (!actor.equals(r.createdBy()) && (agentId == null || !manages.test(businessId, agentId))) {
            throw ApiException.forbidden("forbidden",
                    "Only the reply's author and the business's owners and admins change or delete it.");
        }
    }

    /** The reply as this customer would get it from this agent. */
    public record Preview(String savedReplyId, String conversationId, String text) {}

    public Preview preview(String businessId, String agentId, String id, String conversationId) {
        if (conversationId == null || conversationId.isEmpty()) {
            throw ApiException.badRequest("Give 'conversation_id', the conversation to preview the reply for.");
        }
        return new Preview(id, conversationId, render(businessId, agentId, conversationId, id));
    }

    /** Renders for a send or a preview: the conversation must be the business's, then the reply. */
    @Override
    public String render(String businessId, String agentId, String conversationId, String savedReplyId) {
        return renderBody(businessId, agentId, conversationId, require(businessId, savedReplyId).body());
    }

    /** Renders any template body for a conversation (automatic replies use the saved replies' language). */
    public String renderBody(String businessId, String agentId, String conversationId, String body) {
        Map<String, Optional<String>> values = values(businessId, agentId, conversationId);
        try {
            return Template.parse(body, VARIABLES).render(v -> values.getOrDefault(v, Optional.empty()));
        } catch (Template.MissingValue e) {
            throw missing(e.variable());
        }
    }

    private Map<String, Optional<String>> values(String businessId, String agentId, String conversationId) {
        Optional<String> customerId = db.read(h -> {
            conversations.requireMember(h, conversationId, businessId);
            Conversation c = conversations.requireConversation(h, conversationId);
            return inbox.customerOf(h, c, businessId);
        });
        Optional<Account> customer = customerId.flatMap(accounts::byId);
        Optional<Account> agent = agentId == null ? Optional.empty() : accounts.byId(agentId); // a bot has no name
        Optional<Account> business = accounts.byId(businessId);
        return Map.of(
                CUSTOMER_FIRST_NAME, customer.flatMap(a -> FirstNames.of(a.preferredName(), a.displayName())),
                CUSTOMER_DISPLAY_NAME, customer.map(Account::displayName),
                AGENT_FIRST_NAME, agent.flatMap(a -> FirstNames.of(a.preferredName(), a.displayName())),
                BUSINESS_NAME, business.map(Account::displayName),
                BUSINESS_NAME_POSSESSIVE, business.map(a -> Possessives.of(a.displayName())));
    }

    static ApiException missing(String variable) {
        String who = variable.startsWith("customer.") ? "this customer" : variable.startsWith("agent.") ? "you" : "the business";
        return new ApiException(422, "template_value_missing", "A value is missing",
                "This reply uses {{" + variable + "}}, but " + who + " has no value for it. Add a fallback, like "
                        + "{{" + variable + " | default: \"there\"}}, or write this reply by hand.",
                Map.of("variable", variable));
    }

    private SavedReplyStore.Row require(String businessId, String id) {
        return store.get(businessId, id).orElseThrow(() -> ApiException.notFound("saved reply"));
    }

    private static SavedReply view(SavedReplyStore.Row r) {
        List<String> vars = List.copyOf(Template.parse(r.body(), VARIABLES).variables());
        return new SavedReply(r.id(), r.shortcut(), r.title(), r.body(), vars, r.createdBy(), r.createdAt(),
                r.updatedAt());
    }

    private static String validShortcut(String s) {
        if (s == null) {
            throw ApiException.validation("Field 'shortcut' is required.");
        }
        String v = s.strip().toLowerCase(java.util.Locale.ROOT);
        v = v.startsWith("/") ? v.substring(1) : v;
        if (!SHORTCUT.matcher(v).matches()) {
            throw ApiException.validation("A shortcut is 1 to 32 lower-case letters, digits, '_' or '-'.");
        }
        return v;
    }

    private static String validTitle(String s) {
        if (s == null) {
            throw ApiException.validation("Field 'title' is required.");
        }
        return Validation.cleanText(s, "title", 1, 100);
    }

    private static String validBody(String s) {
        if (s == null || s.isBlank()) {
            throw ApiException.validation("Field 'body' is required: the reply's text.");
        }
        String body = MessageInput.validText(s);
        requireTemplate(body, "body");
        return body;
    }

    /**
     * Refuses, as 422 {@code validation_failed} naming {@code field} and the character where the
     * trouble starts, a text that is no template in this language: saved replies and every text of
     * the automatic replies are rendered by {@link #renderBody}, and a text taken unchecked failed
     * there on every customer message, silently.
     */
    public static void requireTemplate(String text, String field) {
        try {
            Template.parse(text, VARIABLES);
        } catch (Template.Invalid e) {
            throw new ApiException(422, "validation_failed", "Invalid request",
                    "Field '" + field + "' is not a valid template: " + e.getMessage() + ".", Map.of("position", e.position()));
        }
    }

    /**
     * {@link #requireTemplate}, for a text the node sends by itself (instant reply, away message, satisfaction
     * question): no agent writes it, so an agent's variable needs a fallback. Without one the reply failed to render
     * on every customer message, and the customer got nothing.
     */
    public static void requireAutomaticTemplate(String text, String field) {
        requireTemplate(text, field);
        try {
            Template.parse(text, VARIABLES).render(v -> v.startsWith("agent.") ? Optional.empty() : Optional.of(v));
        } catch (Template.MissingValue e) {
            throw ApiException.validation("Field '" + field + "': an automatic reply has no agent behind it, so give {{"
                    + e.variable() + "}} a fallback: {{" + e.variable() + " | default: \"the team\"}}.");
        }
    }

    private RuntimeException taken(RuntimeException e, String shortcut) {
        if (db.dialect().isUniqueViolation(e)) {
            return ApiException.conflict("The shortcut /" + shortcut + " is taken.");
        }
        return e;
    }

    private static String encode(String shortcut) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(shortcut.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("'cursor' is not one this server gave out.");
        }
    }
}
