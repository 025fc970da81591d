package dev.parley.automation;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.parley.conversation.ConversationService;
import dev.parley.http.Acting;
import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.Caller;
import dev.parley.http.Page;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import dev.parley.store.Ids;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Automation settings (instant reply, away message and hours, FAQ bot, hand-off words), the FAQ
 * entries with a "try a question" check, and the bot's state in a conversation (an agent gives a
 * handed-over conversation back with {@code POST …/bot/resume}).
 */
public final class AutomationRoutes implements Routes {
    private final Authenticator auth;
    private final Acting acting;
    private final AutomationStore store;
    private final Autoresponder responder;
    private final FaqMatcher matcher;
    private final ConversationService conversations;
    private final Managers managers;
    private final Function<String, Optional<List<String>>> promotion;
    /** Shows a resumed conversation in the inbox as the bot's (business, conversation). */
    private final BiConsumer<String, String> backToBot;
    private final Clock clock;

    public AutomationRoutes(Authenticator auth, Acting acting, AutomationStore store, Autoresponder responder,
                            FaqMatcher matcher, ConversationService conversations, BiPredicate<String, String> mayManage,
                            Function<String, Optional<List<String>>> promotion, BiConsumer<String, String> backToBot,
                            Clock clock) {
        this.auth = auth;
        this.acting = acting;
        this.store = store;
        this.responder = responder;
        this.matcher = matcher;
        this.conversations = conversations;
        this.managers = new Managers(auth, acting, mayManage);
        this.promotion = promotion;
        this.backToBot = backToBot;
        this.clock = clock;
    }

    /**
     * An FAQ entry as written: its phrasings in {@code questions} (or {@code examples}), the single
     * {@code question} of older clients counting as the first.
     */
    record FaqBody(String question, List<String> questions, List<String> examples, String answer,
                   List<String> keywords) {}

    record TryBody(String question) {}

    /** How many of the questions the bot could not answer the FAQ editor is offered. */
    static final int UNANSWERED_SHOWN = 20;

    @Override
    public void register(RoutesConfig r) {
        String b = Caller.BUSINESS;
        r.get(b + "/automation", ctx -> ctx.json(store.settings(Caller.of(ctx, auth, acting).accountId())));
        r.put(b + "/automation", ctx -> {
            Caller c = managers.require(ctx, "change its automation");
            AutomationSettings s = Requests.body(ctx, AutomationSettings.class).over(store.settings(c.accountId()))
                    .validated();
            refuseIfPromotion("instant_reply", s.instantReply().enabled(), s.instantReply().text());
            refuseIfPromotion("away_message", s.awayMessage().enabled(), s.awayMessage().text());
            store.putSettings(c.accountId(), s);
            ctx.json(s);
        });
        r.get(b + "/faq", ctx -> ctx.json(new Page<>(store.faq(Caller.of(ctx, auth, acting).accountId()).stream()
                .map(this::view).toList(), null)));
        r.get(b + "/faq/unanswered", ctx -> {
            String business = Caller.of(ctx, auth, acting).accountId();
            List<AutomationStore.Faq> entries = store.faq(business);
            java.util.Set<String> known = new java.util.HashSet<>();
            entries.forEach(f -> f.questions().forEach(q -> known.add(q.toLowerCase(java.util.Locale.ROOT))));
            String profile = store.settings(business).faqBot().profile();
            List<String> names = responder.businessNames(business);
            // The entry the bot found nearest, so adding the question as its phrasing is one click.
            ctx.json(new Page<>(store.unanswered(business, UNANSWERED_SHOWN + known.size()).stream()
                    .filter(u -> !known.contains(u.text().strip().toLowerCase(java.util.Locale.ROOT)))
                    .limit(UNANSWERED_SHOWN).map(u -> new UnansweredView(u.text(), u.conversationId(), u.createdAt(),
                            matcher.best(OwnName.inQuestion(u.text(), entries, profile, names), entries, profile)
                                    .map(m -> m.entry().id()).orElse(null))).toList(), null));
        });
        r.post(b + "/faq", ctx -> {
            Caller c = managers.require(ctx, "change its automation");
            AutomationStore.Faq f = entry(Ids.next('f'), Requests.body(ctx, FaqBody.class));
            store.insertFaq(c.accountId(), f);
            ctx.status(201).json(view(f));
        });
        r.put(b + "/faq/{faq}", ctx -> {
            Caller c = managers.require(ctx, "change its automation");
            AutomationStore.Faq existing = store.faqEntry(c.accountId(), ctx.pathParam("faq"))
                    .orElseThrow(() -> ApiException.notFound("FAQ entry"));
            AutomationStore.Faq f = entry(existing.id(), Requests.body(ctx, FaqBody.class));
            store.updateFaq(c.accountId(), f);
            ctx.json(view(f.created(existing.createdAt())));
        });
        r.delete(b + "/faq/{faq}", ctx -> {
            Caller c = managers.require(ctx, "change its automation");
            if (!store.deleteFaq(c.accountId(), ctx.pathParam("faq"))) {
                throw ApiException.notFound("FAQ entry");
            }
            ctx.status(204);
        });
        r.post(b + "/faq/try", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            String q = Requests.body(ctx, TryBody.class).question();
            if (q == null || q.isBlank() || q.length() > 1000) {
                throw ApiException.validation("Field 'question' is required: 1 to 1000 characters.");
            }
            AutomationSettings.FaqBot bot = store.settings(c.accountId()).faqBot();
            double threshold = bot.threshold();
            List<AutomationStore.Faq> entries = store.faq(c.accountId());
            String asked = OwnName.inQuestion(q, entries, bot.profile(), responder.businessNames(c.accountId()));
            // Read as the chat reads a first message: a request for a person, pleasantries and complaints included.
            BotReading.Reading reading = responder.tryQuestion(c.accountId(), q);
            Optional<FaqMatcher.Match> m = reading.match();
            String read = FaqMatcher.asRead(asked, entries, bot.profile());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("read_as", read.equals(q) ? null : read);
            out.put("entry", m.map(x -> view(x.entry())).orElse(null));
            out.put("matched_question", m.map(FaqMatcher.Match::matched).orElse(null));
            out.put("score", m.map(x -> Math.round(x.score() * 1000) / 1000.0).orElse(0.0));
            out.put("threshold", threshold);
            out.putAll(verdict(reading.verdict()));
            out.put("unexplained", m.flatMap(FaqMatcher.Match::unexplained).orElse(null));
            out.put("answer_refused", m.flatMap(x -> refusal(x.entry())).orElse(null));
            out.put("triage", reading.triage().map(t -> Map.of("label", t.label(),
                    "score", Math.round(t.score() * 1000) / 1000.0)).orElse(null));
            ctx.json(out);
        });
        r.get(b + "/conversations/{id}/bot", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            conversations.conversationFor(c.accountId(), ctx.pathParam("id"));
            ctx.json(store.state(ctx.pathParam("id")));
        });
        r.post(b + "/conversations/{id}/bot/resume", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            conversations.conversationFor(c.accountId(), ctx.pathParam("id"));
            responder.resume(c.accountId(), ctx.pathParam("id"));
            // The bot answers again, so the inbox must say so: its item stayed bot false, with its
            // agent or in open/unassigned, not in the Bot view where the docs put bot-handled chats.
            if (store.settings(c.accountId()).faqBot().enabled()) {
                backToBot.accept(c.accountId(), ctx.pathParam("id"));
            }
            ctx.json(store.state(ctx.pathParam("id")));
        });
    }

    /** The bot's verdict on a tried question, in faq/try's fields. */
    private static Map<String, Object> verdict(BotReading.Verdict v) {
        Optional<BotReading.Verdict.HandOver> handOver = v instanceof BotReading.Verdict.HandOver h ? Optional.of(h)
                : v instanceof BotReading.Verdict.Answer a ? a.handOver() : Optional.empty();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("verdict", v instanceof BotReading.Verdict.Answer ? "answers"
                : v instanceof BotReading.Verdict.AskBack ? "asks_back"
                : v instanceof BotReading.Verdict.NoQuestion ? "no_question"
                : v instanceof BotReading.Verdict.HandOver ? "hands_over" : "not_understood");
        out.put("answers", v instanceof BotReading.Verdict.Answer);
        out.put("asks_back", v instanceof BotReading.Verdict.AskBack);
        out.put("hands_over", handOver.isPresent());
        out.put("hand_over_reason", handOver.map(h -> h.why().code()).orElse(null));
        return out;
    }

    /**
     * The instant reply and the away message go to every customer who writes, most of whom have not
     * opted in to promotion: one that reads as promotion would be refused at each send and never
     * reach them, so it is refused here instead, where the owner sees why.
     */
    private void refuseIfPromotion(String field, Boolean enabled, String text) {
        if (!Boolean.TRUE.equals(enabled) || text == null) {
            return;
        }
        promotion.apply(text).ifPresent(reasons -> {
            throw new ApiException(422, "promotional_content", "Invalid request", "Field '" + field + ".text' reads as "
                    + "promotion (" + String.join(", ", reasons) + "); automatic replies go to customers who have not "
                    + "opted in to promotional messages, so it would never be sent. Leave the offer out.",
                    Map.of("reasons", reasons));
        });
    }

    /**
     * What the business rules make of an entry's answer for a customer who has not opted in to
     * promotion: the bot cannot send it to them and hands them to a person instead (Autoresponder).
     */
    record Refusal(String code, List<String> reasons) {}

    /** An entry as the API shows it: as stored, and whether its answer can go to every customer. */
    record FaqView(@JsonUnwrapped AutomationStore.Faq entry, Refusal answerRefused) {}

    private FaqView view(AutomationStore.Faq entry) {
        return new FaqView(entry, refusal(entry).orElse(null));
    }

    private Optional<Refusal> refusal(AutomationStore.Faq entry) {
        return promotion.apply(entry.answer()).map(reasons -> new Refusal("promotional_content", reasons));
    }

    private AutomationStore.Faq entry(String id, FaqBody body) {
        List<String> questions = FaqPhrasings.of(body.question(), body.questions(), body.examples());
        if (body.answer() == null || body.answer().isBlank() || body.answer().length() > 4000) {
            throw ApiException.validation("Field 'answer' is required: 1 to 4000 characters.");
        }
        List<String> keywords = FaqKeywords.of(body.keywords());
        return new AutomationStore.Faq(id, questions.get(0), questions, body.answer().strip(), keywords, clock.instant());
    }

    /** A question the bot could not answer, and the entry it found nearest (null without entries). */
    record UnansweredView(String text, String conversationId, java.time.Instant createdAt, String nearestEntryId) {}
}
