package dev.parley.business;

import dev.parley.account.AccountKinds;
import dev.parley.account.AccountStore;
import dev.parley.conversation.ConversationService;
import dev.parley.conversation.ConversationStore;
import dev.parley.conversation.LastMessages;
import dev.parley.event.EventListeners;
import dev.parley.event.Transactions;
import dev.parley.http.Acting;
import dev.parley.http.Authenticator;
import dev.parley.http.Routes;
import dev.parley.lifecycle.Lifecycle;
import dev.parley.message.MessageService;
import dev.parley.message.MessageStore;
import dev.parley.message.SavedReplies;
import dev.parley.store.Database;
import dev.parley.textmodel.Embedder;
import dev.parley.textmodel.MiniLm;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * The business inbox feature, wired: agents, the shared inbox and its intake (triage, reopening,
 * round-robin), internal notes and saved replies. The node builds it once and hands its parts to
 * the server (routes) and the message feature (saved replies); the intake listens to commits and
 * is started and stopped by the node's lifecycle.
 */
public final class BusinessInbox {
    private final AgentService agents;
    private final InvitationService invitations;
    private final InboxService inbox;
    private final NoteService notes;
    private final SavedReplyService savedReplies;
    private final RoundRobin roundRobin;
    private final MiniLm model;
    private final AccountKinds kinds;
    private final AccountStore accounts;
    private final InboxStore store;
    /** Empty when triage is off ({@code inbox.triage}). */
    private final Optional<Triage> triage;

    /** What the inbox needs from the rest of the node. */
    public record Deps(Database db, Transactions tx, Clock clock, AccountStore accounts, BusinessStore businessStore,
                       ConversationService conversations, ConversationStore conversationStore,
                       MessageService messages, MessageStore messageStore, LastMessages lastMessages,
                       CustomerChannels customerChannels) {}

    /**
     * @param online         whether a person has a socket open now (round-robin skips those who don't)
     * @param triage         label incoming messages with the bundled model
     * @param modelDir       where the model's native library is unpacked
     * @param agentRemoved   hears (business, person) after an agent is removed: their acting sockets close
     * @param ratingReplies  whether a customer's message answers the satisfaction question (no reopening)
     * @param committed      where the intake hears new messages
     * @param life           starts the intake once the node is wired, stops it before the message writer
     */
    public BusinessInbox(Deps d, Predicate<String> online, boolean triage, Path modelDir,
                         BiConsumer<String, String> agentRemoved, BotHandling botHandling, RatingReplies ratingReplies,
                         EventListeners committed,
                         Lifecycle life) {
        store = new InboxStore(d.db());
        InboxViews views = new InboxViews(d.accounts(), store, d.lastMessages(), d.customerChannels(), d.clock());
        inbox = new InboxService(d.db(), d.tx(), store, views, d.businessStore(), d.conversations(),
                d.conversationStore(), d.clock());
        invitations = new InvitationService(d.db(), d.tx(), d.businessStore(), d.accounts(), d.clock());
        agents = new AgentService(d.db(), d.tx(), d.businessStore(), d.accounts(), inbox, online, agentRemoved,
                invitations);
        notes = new NoteService(d.db(), d.tx(), d.conversations(), d.accounts(), d.clock());
        savedReplies = new SavedReplyService(d.db(), new SavedReplyStore(d.db()), d.conversations(), inbox,
                d.accounts(), agents::manages, d.clock());
        roundRobin = new RoundRobin(d.businessStore(), store, online);
        accounts = d.accounts();
        model = new MiniLm(modelDir);
        kinds = new AccountKinds(d.accounts());
        this.triage = triage ? Optional.of(Triage.standard(model)) : Optional.empty();
        Intake intake = new Intake(d.db(), d.tx(), store, inbox, roundRobin, d.messageStore(), d.conversationStore(),
                kinds, this.triage,
                botHandling, ratingReplies, d.clock()); // the bot's conversations are assigned at hand-off only
        committed.add(intake);
        life.add("inbox intake", intake::start, intake::close);
    }

    public List<Routes> routes(Authenticator auth, Acting acting) {
        return List.of(new AgentRoutes(auth, acting, agents), new InvitationRoutes(auth, invitations),
                new InboxRoutes(auth, acting, inbox, notes, agents),
                new SavedReplyRoutes(auth, acting, savedReplies));
    }

    /** Which accounts are businesses, remembered: for other listeners of committed messages. */
    public AccountKinds accountKinds() {
        return kinds;
    }

    /** The business's display name and {@code @handle}: how its customers name it (the FAQ bot reads them as "you"). */
    public List<String> names(String businessId) {
        return accounts.byId(businessId).map(a -> List.of(a.displayName(), "@" + a.handle())).orElse(List.of());
    }

    /** Renders a template body for a conversation, as the business (no agent): automatic replies. */
    public String renderTemplate(String businessId, String conversationId, String body) {
        return savedReplies.renderBody(businessId, null, conversationId, body);
    }

    public SavedReplies savedReplies() {
        return savedReplies;
    }

    /**
     * A bot hands over: the conversation goes to the next agent in turn, unless someone has it already,
     * and the agents get a note, in the business's name, saying why (the customer sees neither).
     */
    public void handToPerson(String businessId, String conversationId, String why) {
        inbox.assignNext(businessId, conversationId, roundRobin);
        notes.add(businessId, null, conversationId, why);
    }

    /**
     * An agent gave a handed-over conversation back to the FAQ bot: while open it is the bot's again,
     * nobody's and in the Bot view, as before the hand-over (it stayed with its agent, or unassigned
     * in the open view, while the bot answered there).
     */
    public void backToBot(String businessId, String conversationId) {
        inbox.backToBot(businessId, conversationId);
    }

    /**
     * Tells the agents the conversation's item again (as {@code inbox.updated}): its unread count
     * changed with nothing in the row, as when a typed rating is recorded after the intake took it in.
     */
    public void retell(String businessId, String conversationId) {
        inbox.retell(businessId, conversationId);
    }

    /**
     * What triage makes of a customer's message, as the intake labels it (the business's corrections first): for the
     * FAQ bot, which hands complaints to a person. Empty when triage is off or cannot run here; the intake, on its
     * own thread, may not have labelled the message yet, so the bot asks for itself (a few ms of model time).
     */
    public Optional<Triage.Result> triage(String businessId, String text) {
        if (triage.isEmpty()) {
            return Optional.empty();
        }
        try {
            return triage.get().classify(text, store.corrections(businessId, Intake.LEARNED));
        } catch (LinkageError | RuntimeException e) {
            return Optional.empty(); // the intake logs it; the bot goes on without a label
        }
    }

    /** The sentence-embedding model, loaded once on first use and shared (triage, the FAQ bot, the promotion check). */
    public Embedder embedder() {
        return model;
    }
}
