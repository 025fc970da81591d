package dev.parley.automation;

import dev.parley.business.BusinessInbox;
import dev.parley.business.BusinessService;
import dev.parley.conversation.ConversationService;
import dev.parley.event.EventListeners;
import dev.parley.http.Authenticator;
import dev.parley.http.Routes;
import dev.parley.lifecycle.Lifecycle;
import dev.parley.message.MessageService;
import dev.parley.message.MessageStore;
import dev.parley.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A business's automatic replies, wired: greetings, away messages and the FAQ bot, answering
 * committed messages of business conversations.
 *
 * @param store         each business's automation settings and what was answered
 * @param faq           matches a question to a business's FAQ
 * @param autoresponder hears committed messages and answers them
 * @param inbox         the shared inbox, which shows a conversation the bot resumes as the bot's
 */
public record AutomationModule(AutomationStore store, FaqMatcher faq, Autoresponder autoresponder, BusinessInbox inbox) {
    /** @param store built first: the inbox's intake asks it whether the FAQ bot has a conversation */
    public static AutomationModule build(Database db, AutomationStore store, MessageStore messageStore,
                                         MessageService messages, BusinessInbox inbox, EventListeners committed,
                                         Clock clock, Lifecycle life) {
        FaqMatcher faq = new FaqMatcher(inbox.embedder());
        Autoresponder autoresponder = new Autoresponder(store, db, messageStore, messages, inbox, inbox.accountKinds(),
                faq, clock);
        committed.add(autoresponder);
        life.add("automatic replies", autoresponder::start, autoresponder::close);
        return new AutomationModule(store, faq, autoresponder, inbox);
    }

    /**
     * @param businesses whom a caller may act for, and who manages a business's automation
     * @param promotion  why a text reads as promotion (the business rules' classifier), or empty
     */
    public List<Routes> routes(Authenticator auth, BusinessService businesses, ConversationService conversations,
                               Function<String, Optional<List<String>>> promotion, Clock clock) {
        return List.of(new AutomationRoutes(auth, businesses, store, autoresponder, faq, conversations,
                businesses::isManager, promotion, inbox::backToBot, clock));
    }
}
