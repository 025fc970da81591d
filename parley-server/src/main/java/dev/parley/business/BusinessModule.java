package dev.parley.business;

import dev.parley.account.AccountModule;
import dev.parley.account.GraphService;
import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.conversation.ConversationService;
import dev.parley.http.Authenticator;
import dev.parley.http.Routes;
import dev.parley.message.MessageService;
import dev.parley.policy.BusinessPolicy;
import dev.parley.safety.PromotionClassifier;
import dev.parley.store.Database;
import dev.parley.textmodel.MiniLm;
import java.time.Clock;
import java.util.List;

/**
 * Business accounts, wired: their profiles and managers, and the rules a business's sends must
 * pass (outreach caps, promotions, consent). The inbox is {@link BusinessInbox}, built later since
 * it needs the message feature, which needs these rules.
 *
 * @param store      business profiles and their people
 * @param businesses business accounts and who may act for them
 * @param rulesStore consent and the counts the rules keep
 * @param rules      the check every send of a business passes
 */
public record BusinessModule(BusinessStore store, BusinessService businesses, BusinessRulesStore rulesStore,
                             BusinessRules rules) {
    public static BusinessModule build(Database db, Settings settings, AccountModule people,
                                       ConversationService conversations, Clock clock) {
        BusinessStore store = new BusinessStore(db, clock);
        BusinessService businesses = new BusinessService(db, people.accounts(), people.store(), store);
        BusinessRulesStore rulesStore = new BusinessRulesStore(db);
        PromotionClassifier promotions = settings.get(Keys.BUSINESS_PROMOTION_MODEL)
                ? PromotionClassifier.withModel(new MiniLm(settings.get(Keys.DATA_DIR).resolve("models")))
                : new PromotionClassifier();
        BusinessPolicy policy = new BusinessPolicy(settings.rules(), rulesStore, promotions,
                settings.get(Keys.BUSINESS_OUTREACH_PER_DAY), settings.get(Keys.BUSINESS_PROMOTIONS_PER_WEEK));
        BusinessRules rules = new BusinessRules(policy, rulesStore, people.store(), conversations, clock);
        return new BusinessModule(store, businesses, rulesStore, rules);
    }

    public List<Routes> routes(Authenticator auth, ConversationService conversations, MessageService messages,
                               GraphService graph, Clock clock) {
        return List.of(new BusinessRoutes(auth, businesses, conversations, messages, rules),
                new BusinessRulesRoutes(auth, businesses, rules, rulesStore, graph, clock));
    }
}
