package dev.parley.satisfaction;

import dev.parley.automation.AutomationStore;
import dev.parley.business.BusinessInbox;
import dev.parley.conversation.ConversationService;
import dev.parley.event.EventListeners;
import dev.parley.http.Authenticator;
import dev.parley.http.Routes;
import dev.parley.lifecycle.Lifecycle;
import dev.parley.message.MessageService;
import java.time.Clock;
import java.util.List;

/**
 * Customer satisfaction, wired: the rating question sent after a resolution (when the business
 * turned it on in its automation settings), the customer's answer, and the store the
 * responsiveness figures read the ratings from.
 */
public record SatisfactionModule(SatisfactionStore store, SatisfactionService service) {
    /** @param store built first: the inbox's intake asks it whether a message answers the question */
    public static SatisfactionModule build(SatisfactionStore store, AutomationStore automation, MessageService messages,
                                           BusinessInbox inbox, ConversationService conversations,
                                           EventListeners committed, Clock clock, Lifecycle life) {
        SatisfactionSurvey survey = new SatisfactionSurvey(store, automation, messages, inbox, clock);
        committed.add(survey);
        life.own("satisfaction questions", survey);
        return new SatisfactionModule(store, new SatisfactionService(store, conversations, clock));
    }

    public List<Routes> routes(Authenticator auth) {
        return List.of(new SatisfactionRoutes(auth, service));
    }
}
