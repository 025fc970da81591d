package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.Transport.Retry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An agent acting for a business: every {@link ActingClient} call goes through
 * {@code /api/v1/businesses/{id}/…} with the agent's own token and answers as the business (its
 * conversations, its sync feed, its stream). The server records which agent wrote each message.
 * A caller who is not an agent of the business gets {@code not_found} everywhere.
 */
public final class BusinessClient extends ActingClient {
    private final String businessId;

    BusinessClient(Transport transport, String businessId) {
        super(transport, "/api/v1/businesses/" + Transport.seg(businessId));
        this.businessId = businessId;
    }

    /** The business this client acts for. */
    @Override
    public String businessId() {
        return businessId;
    }

    /**
     * Sends a message written by automation (a bot, an integration) rather than the agent: the
     * business rules then apply the shorter reply window. Idempotent by the draft's client id.
     */
    public Message sendAutomated(String conversationId, Draft draft) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_id", draft.clientId());
        body.put("text", draft.text());
        if (draft.replyTo() != null) {
            body.put("reply_to", draft.replyTo());
        }
        body.put("automated", true);
        return call("POST", "/conversations/" + Transport.seg(conversationId) + "/messages", body,
                ClientJson.type(Message.class), Retry.SAFE);
    }

    /** What sending {@code text} in the conversation would get now, without sending it. */
    public SendCheck check(String conversationId, String text, boolean automated) {
        return call("POST", "/conversations/" + Transport.seg(conversationId) + "/messages/check",
                Map.of("text", text, "automated", automated), ClientJson.type(SendCheck.class), Retry.SAFE);
    }

    /** What an outreach to this person with this first message would get now, without sending it. */
    public SendCheck checkOutreach(String accountId, String text) {
        return call("POST", "/outreach/check", Map.of("member_ids", List.of(accountId), "text", text),
                ClientJson.type(SendCheck.class), Retry.SAFE);
    }

    /** The newest entries of the business's consent ledger. */
    public List<Consent> consents(int limit) {
        JsonNode page = call("GET", "/consents" + Query.of().add("limit", limit), null,
                ClientJson.type(JsonNode.class), Retry.SAFE);
        return ClientJson.MAPPER.convertValue(page.get("items"),
                ClientJson.MAPPER.getTypeFactory().constructCollectionType(List.class, Consent.class));
    }

    /**
     * The business's response figures for the days {@code from} to {@code to}, both included, on
     * the business's clock; any agent of the business may read them.
     */
    public Responsiveness responsiveness(LocalDate from, LocalDate to) {
        return call("GET", "/metrics" + Query.of().add("from", from).add("to", to), null,
                ClientJson.type(Responsiveness.class), Retry.SAFE);
    }

    // ---- the shared inbox

    /**
     * A page of the shared inbox, complaints first.
     *
     * @param status   open, pending, resolved or all (null: open)
     * @param assignee "me", "unassigned", an agent's id, or null for anyone
     * @param label    only conversations with this label, or null
     */
    public InboxItem.Page inbox(String status, String assignee, String label, String cursor) {
        return call("GET", "/inbox" + Query.of().add("status", status).add("assignee", assignee).add("label", label)
                .add("cursor", cursor), null, ClientJson.type(InboxItem.Page.class), Retry.SAFE);
    }

    public InboxItem inboxItem(String conversationId) {
        return call("GET", "/inbox/" + Transport.seg(conversationId), null, ClientJson.type(InboxItem.class), Retry.SAFE);
    }

    /** Sets open, pending or resolved; resolving ends the customer's request in the response figures. */
    public InboxItem setStatus(String conversationId, String status) {
        return call("PUT", "/conversations/" + Transport.seg(conversationId) + "/status", Map.of("status", status),
                ClientJson.type(InboxItem.class), Retry.SAFE);
    }

    /** Takes the conversation out of the open view until then, or until the customer writes; a past time wakes it. */
    public InboxItem snooze(String conversationId, Instant until) {
        return call("POST", "/inbox/" + Transport.seg(conversationId) + "/snooze", Map.of("until", until.toString()),
                ClientJson.type(InboxItem.class), Retry.SAFE);
    }

    /** Gives the conversation to an agent of the business, or takes it from whoever has it (null). */
    public InboxItem assign(String conversationId, String agentId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("assignee_id", agentId);
        return call("PUT", "/conversations/" + Transport.seg(conversationId) + "/assignee", body,
                ClientJson.type(InboxItem.class), Retry.SAFE);
    }

    /** Replaces the conversation's labels; {@code spam} leaves it out of the response figures. */
    public InboxItem setLabels(String conversationId, List<String> labels) {
        return call("PUT", "/conversations/" + Transport.seg(conversationId) + "/labels", Map.of("labels", labels),
                ClientJson.type(InboxItem.class), Retry.SAFE);
    }

    /** Adds an internal note; not idempotent, so it is not retried. */
    public InboxItem.Note addNote(String conversationId, String text) {
        return call("POST", "/conversations/" + Transport.seg(conversationId) + "/notes", Map.of("text", text),
                ClientJson.type(InboxItem.Note.class), Retry.NEVER);
    }

    public Page<InboxItem.Note> notes(String conversationId, String cursor) {
        return call("GET", "/conversations/" + Transport.seg(conversationId) + "/notes" + Query.of().add("cursor", cursor),
                null, ClientJson.pageOf(InboxItem.Note.class), Retry.SAFE);
    }

    // ---- automatic replies (changing them: owners and admins)

    public Automation automation() {
        return call("GET", "/automation", null, ClientJson.type(Automation.class), Retry.SAFE);
    }

    /** Sets the automatic replies; parts left null keep their defaults. Owners and admins only. */
    public Automation setAutomation(Automation settings) {
        return call("PUT", "/automation", settings, ClientJson.type(Automation.class), Retry.SAFE);
    }

    public List<Automation.Faq> faq() {
        Page<Automation.Faq> page = call("GET", "/faq", null, ClientJson.pageOf(Automation.Faq.class), Retry.SAFE);
        return page.items();
    }

    /** Adds an FAQ entry; not idempotent, so it is not retried. */
    public Automation.Faq addFaq(String question, String answer) {
        return call("POST", "/faq", Map.of("question", question, "answer", answer),
                ClientJson.type(Automation.Faq.class), Retry.NEVER);
    }

    /** Adds an FAQ entry with several phrasings of its question (the first is its {@code question}); not retried. */
    public Automation.Faq addFaq(List<String> questions, String answer) {
        return call("POST", "/faq", Map.of("questions", questions, "answer", answer),
                ClientJson.type(Automation.Faq.class), Retry.NEVER);
    }

    /** How the FAQ bot would take this question now, without anyone asking it. */
    public Automation.Trial tryFaq(String question) {
        return call("POST", "/faq/try", Map.of("question", question), ClientJson.type(Automation.Trial.class),
                Retry.SAFE);
    }

    // ---- external bots (owners and admins)

    /**
     * Registers an external bot: the business's events are POSTed to {@code url}, signed (see
     * {@link Webhooks}). Only owners and admins may; other agents get {@code forbidden}.
     */
    public BotRegistration registerBot(String name, String url) {
        return call("POST", "/bots", Map.of("name", name, "url", url), ClientJson.type(BotRegistration.class),
                Retry.NEVER);
    }

    public List<Bot> bots() {
        Page<Bot> page = call("GET", "/bots", null, ClientJson.pageOf(Bot.class), Retry.SAFE);
        return page.items();
    }

    /** Removes a bot; its token stops working. */
    public void removeBot(String botId) {
        call("DELETE", "/bots/" + Transport.seg(botId), null, null, Retry.NEVER);
    }

    /** The bot's webhook delivery log, newest first. */
    public List<BotDelivery> botDeliveries(String botId, int limit) {
        Page<BotDelivery> page = call("GET", "/bots/" + Transport.seg(botId) + "/deliveries" + Query.of().add("limit", limit),
                null, ClientJson.pageOf(BotDelivery.class), Retry.SAFE);
        return page.items();
    }

    /**
     * Outreach: opens a conversation with one person and a first message, as the business. It
     * always reaches them as a message request, under the outreach rules ({@code outreach_limit},
     * {@code not_personal}, {@code promotional_content}, {@code promotion_cap_reached}). Retrying the same draft answers the same
     * message.
     */
    public Outreach outreach(String accountId, Draft draft) {
        Map<String, Object> body = Map.of("member_ids", List.of(accountId), "client_id", draft.clientId(),
                "text", draft.text());
        return call("POST", "/conversations", body, ClientJson.type(Outreach.class), Retry.SAFE);
    }
}
