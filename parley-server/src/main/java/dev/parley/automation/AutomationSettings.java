package dev.parley.automation;

import dev.parley.business.SavedReplyService;
import dev.parley.http.ApiException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A business's automatic replies, as set through {@code PUT /businesses/{id}/automation}. Texts
 * are templates in the saved replies' language ({@code {{customer.first_name | default: "there"}}}).
 *
 * @param handoffWords phrases that make the FAQ bot hand the conversation to a person
 * @param satisfaction the one rating question (1 to 5, and a comment) a customer gets after their
 *                     conversation is resolved; off by default
 */
public record AutomationSettings(Reply instantReply, Away awayMessage, FaqBot faqBot, List<String> handoffWords,
                                 Reply satisfaction) {
    public static final int MAX_STARTERS = 4;
    /** A starter question is a button: its text fits on one. */
    static final int MAX_STARTER_LENGTH = 120;
    /** The business profile's length cap: a paragraph, not a catalogue. */
    public static final int MAX_PROFILE = 1000;
    /** handoff_words: how many phrases, and how long each (the bounds of an account's hidden words' length). */
    static final int MAX_HANDOFF_WORDS = 100;
    static final int MAX_HANDOFF_WORD_LENGTH = 100;
    public static final List<String> DEFAULT_HANDOFF = List.of("person", "human", "agent", "someone", "representative",
            "real people", "operator");

    /** Fields are null only in a request, where null means "keep what is set" (see {@link #over}). */
    public record Reply(Boolean enabled, String text) {
        Reply over(Reply now) {
            return new Reply(enabled == null ? now.enabled() : enabled, text == null ? now.text() : text);
        }
    }

    /** @param hours e.g. {@code {"mon": [["09:00","17:00"]], …}}; @param holidays ISO dates */
    public record Away(Boolean enabled, String text, String timeZone, Map<String, List<List<String>>> hours,
                       List<String> holidays) {
        /** Hours merge day by day ({@link WeeklyHours#over}); holidays, a list, are replaced whole. */
        Away over(Away now) {
            return new Away(enabled == null ? now.enabled() : enabled, text == null ? now.text() : text,
                    timeZone == null ? now.timeZone() : timeZone,
                    hours == null ? now.hours() : WeeklyHours.over(now.hours(), hours),
                    holidays == null ? now.holidays() : holidays);
        }
    }

    /**
     * @param threshold the least confidence (0–1, see FaqMatcher) at which the bot answers
     * @param profile   what the business is and sells, in the owner's words ("bikes, helmets, lights;
     *                  repairs"): the bot reads these words as the business's own, so a question naming
     *                  one of its products is not taken for a question about something else
     */
    public record FaqBot(Boolean enabled, Double threshold, List<String> starterQuestions, String profile) {
        public FaqBot(Boolean enabled, Double threshold, List<String> starterQuestions) {
            this(enabled, threshold, starterQuestions, null);
        }

        FaqBot over(FaqBot now) {
            return new FaqBot(enabled == null ? now.enabled() : enabled, threshold == null ? now.threshold() : threshold,
                    starterQuestions == null ? now.starterQuestions() : starterQuestions,
                    profile == null ? now.profile() : profile);
        }
    }

    /**
     * A request laid over the settings in force: what it leaves out, at any depth, keeps its
     * value, so {@code {"instant_reply":{"enabled":true}}} switches the instant reply on with the
     * text it has, for every part alike (the instant reply used to demand its text again).
     */
    public AutomationSettings over(AutomationSettings now) {
        return new AutomationSettings(instantReply == null ? now.instantReply() : instantReply.over(now.instantReply()),
                awayMessage == null ? now.awayMessage() : awayMessage.over(now.awayMessage()),
                faqBot == null ? now.faqBot() : faqBot.over(now.faqBot()),
                handoffWords == null ? now.handoffWords() : handoffWords,
                satisfaction == null ? now.satisfaction() : satisfaction.over(now.satisfaction()));
    }

    /**
     * Settings stored before a part existed get that part's defaults. Every save stores the whole
     * settings, defaults included, so the old default rating text is in most businesses' rows: read
     * as the new default, an owner's own text is left as written.
     */
    public AutomationSettings completed() {
        FaqBot faq = faqBot.profile() != null ? faqBot
                : new FaqBot(faqBot.enabled(), faqBot.threshold(), faqBot.starterQuestions(), "");
        Reply rating = satisfaction == null ? defaults().satisfaction() : withCurrentDefault(satisfaction);
        return new AutomationSettings(instantReply, awayMessage, faq, handoffWords, rating);
    }

    /** The rating question with the old default text read as today's (an owner's own text stays). */
    private static Reply withCurrentDefault(Reply r) {
        return OLD_SATISFACTION_TEXT.equals(r.text()) ? new Reply(r.enabled(), SATISFACTION_TEXT) : r;
    }

    public static AutomationSettings defaults() {
        return new AutomationSettings(new Reply(false, "Hi {{customer.first_name | default: \"there\"}}, thanks for writing to "
                + "{{business.name}}! We'll get back to you soon."),
                new Away(false, "Hi {{customer.first_name | default: \"there\"}}, we're closed right now and will answer "
                        + "when we open.", "UTC", Map.of(), List.of()),
                new FaqBot(false, FaqMatcher.DEFAULT_THRESHOLD, List.of(), ""), DEFAULT_HANDOFF,
                new Reply(false, SATISFACTION_TEXT));
    }

    /**
     * The rating question's text unless the owner writes their own. The name's fallback greets
     * ("Hi there"): it used to follow a comma ("Thanks for talking with Name Shop, there!").
     */
    static final String SATISFACTION_TEXT = "Hi {{customer.first_name | default: \"there\"}}, thanks for talking with "
            + "{{business.name}}! How did we do? Rate this conversation from 1 (poor) to 5 (great); you may add a comment.";
    /** The text shipped before: stored with every business's settings, it still means "the default". */
    static final String OLD_SATISFACTION_TEXT = "Thanks for talking with {{business.name}}, {{customer.first_name | "
            + "default: \"there\"}}! How did we do? Rate this conversation from 1 (poor) to 5 (great); you may add a comment.";

    /** Fills what was left out from the defaults and checks the rest; 422 names the bad field. */
    public AutomationSettings validated() {
        AutomationSettings d = defaults();
        Reply instant = instantReply == null ? d.instantReply() : reply(instantReply, "instant_reply");
        Away away = awayMessage == null ? d.awayMessage() : away(awayMessage);
        FaqBot faq = faqBot == null ? d.faqBot() : faq(faqBot);
        List<String> words = handoffWords == null ? d.handoffWords() : handoff(handoffWords);
        Reply rating = satisfaction == null ? d.satisfaction()
                : withCurrentDefault(reply(satisfaction, "satisfaction"));
        return new AutomationSettings(instant, away, faq, words, rating);
    }

    /** Blank phrases are dropped; the rest are bounded, as hidden words are (each is searched for in every customer message). */
    private static List<String> handoff(List<String> phrases) {
        if (phrases.size() > MAX_HANDOFF_WORDS) {
            throw ApiException.validation("'handoff_words' holds at most " + MAX_HANDOFF_WORDS + " phrases.");
        }
        List<String> words = phrases.stream()
                .map(w -> w == null ? "" : w.strip().toLowerCase(Locale.ROOT)).filter(w -> !w.isEmpty()).toList();
        if (words.stream().anyMatch(w -> w.length() > MAX_HANDOFF_WORD_LENGTH)) {
            throw ApiException.validation("Each of 'handoff_words' is at most " + MAX_HANDOFF_WORD_LENGTH + " characters.");
        }
        return words;
    }

    private static Reply reply(Reply r, String field) {
        if (r.text() == null || r.text().isBlank() || r.text().length() > 2000) {
            throw ApiException.validation("'" + field + ".text' is required: 1 to 2000 characters.");
        }
        SavedReplyService.requireAutomaticTemplate(r.text(), field + ".text");
        return new Reply(Boolean.TRUE.equals(r.enabled()), r.text());
    }

    private static Away away(Away a) {
        reply(new Reply(a.enabled(), a.text()), "away_message");
        hours(a); // throws on a bad zone, day, time or date
        return new Away(Boolean.TRUE.equals(a.enabled()), a.text(), a.timeZone() == null ? "UTC" : a.timeZone(),
                WeeklyHours.over(Map.of(), a.hours()), WeeklyHours.holidays(a.holidays()));
    }

    private static FaqBot faq(FaqBot f) {
        double t = f.threshold() == null ? FaqMatcher.DEFAULT_THRESHOLD : f.threshold();
        // Written so NaN fails it too: "NaN" (a string Jackson reads as a double) passed both
        // comparisons, was stored, and made the bot answer nothing.
        if (!(t > 0 && t < 1)) {
            throw ApiException.validation("'faq_bot.threshold' is a similarity between 0 and 1, e.g. 0.55.");
        }
        List<String> starters = starters(f.starterQuestions());
        String profile = f.profile() == null ? "" : f.profile().strip();
        if (profile.length() > MAX_PROFILE) {
            throw ApiException.validation("'faq_bot.profile' holds at most " + MAX_PROFILE + " characters.");
        }
        return new FaqBot(Boolean.TRUE.equals(f.enabled()), t, starters, profile);
    }

    /**
     * Customers see each starter question as a button: an empty one was a blank button and a
     * 5,000-character one filled the screen. Each is stripped and holds 1 to 120 characters.
     */
    private static List<String> starters(List<String> given) {
        List<String> starters = given == null ? List.of() : given;
        if (starters.size() > MAX_STARTERS) {
            throw ApiException.validation("'faq_bot.starter_questions' holds at most " + MAX_STARTERS + " questions.");
        }
        List<String> out = new ArrayList<>();
        for (String q : starters) {
            String t = q == null ? "" : q.strip();
            int length = t.codePointCount(0, t.length());
            if (length < 1 || length > MAX_STARTER_LENGTH) {
                throw ApiException.validation("Each of 'faq_bot.starter_questions' is 1 to " + MAX_STARTER_LENGTH
                        + " characters (a button the customer taps).");
            }
            out.add(t);
        }
        return out;
    }

    /** The away message's hours, parsed; 422 names what is wrong. */
    public static BusinessHours hours(Away a) {
        ZoneId zone = WeeklyHours.zone(a.timeZone());
        return new BusinessHours(zone, WeeklyHours.parse(a.hours()), WeeklyHours.holidayDates(a.holidays()));
    }
}
