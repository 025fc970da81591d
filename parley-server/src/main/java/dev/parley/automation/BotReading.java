package dev.parley.automation;

import dev.parley.business.BusinessInbox;
import dev.parley.business.Triage;
import dev.parley.textmodel.Pleasantries;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the FAQ bot makes of one customer message, before anything is sent. The chat acts on it ({@link
 * Autoresponder}) and {@code …/faq/try} shows it, so an owner's preview is what a customer gets: they read messages
 * apart before, and faq/try said "answers" for questions the chat handed over.
 *
 * <p>In this order: a yes or no to the bot's "Did you mean …?" just before; a request for a person ({@link
 * HandOffRequest}); pleasantries alone, or a yes/no with nothing asked ("ok thanks", "👍", "sure"), which are no
 * question; a complaint (triage, {@value #TRIAGE_SURE} or surer), which a person takes, answered first when the bot
 * is sure of an entry; an entry the bot is sure of; then, for what it cannot answer, praise (handed over as praise,
 * not as a failed question), an unrelated question, the second miss in a row, "Did you mean …?" or a plain miss.
 */
final class BotReading {
    /**
     * Below the threshold by more than this, a question is unrelated: hand over at once (0.15
     * below the band where the bot asks back, the line it had before it asked back).
     */
    static final double UNRELATED_MARGIN = FaqMatcher.ASK_BACK_BAND + 0.15;
    static final int MAX_MISSES = 2;
    /**
     * Triage's confidence from which a complaint goes to a person. On the five blind triage sets (295 complaints, 585
     * questions and praise) 0.7 takes 91% of complaints and 2.6% of the rest, mostly praise or a question that carries
     * a gripe ("Checkout logged me out twice… can you confirm my order?"), which a person can well take; 0.8 takes 87%
     * and 1.4%. Of the FAQ blind sets' paraphrased questions (faq-heldout-8 to -12), 92 of 1,489 (6%) read as
     * complaints at 0.7, nearly all about refunds, faults and cancellations ("Can I get my money back?", "lost my
     * wheel lock"): they still get the answer when the bot is sure of one, and a person besides.
     */
    static final double TRIAGE_SURE = 0.7;
    static final String TWO_MISSES = "it did not understand two messages in a row.";

    /** Why the bot hands over, as faq/try names it ({@code hand_over_reason}). */
    enum Why {
        ASKED_FOR_PERSON, HANDOFF_WORD, COMPLAINT, PRAISE, UNRELATED, NO_ENTRIES, TWO_MISSES, ASKED_BACK_GONE, ANSWER_REFUSED;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the bot does with a message. */
    sealed interface Verdict {
        /** Pleasantries, or a yes or no to nothing: the reply due, if any, and no miss. */
        record NoQuestion() implements Verdict {}

        /**
         * @param question the entry's question, for the agents' note if the rules refuse the answer
         * @param handOver set when a person takes the conversation after the answer (a complaint)
         */
        record Answer(String question, String text, Optional<HandOver> handOver) implements Verdict {}

        record Miss() implements Verdict {}

        /** Not sure enough to answer: "Did you mean …?" with the nearest entry's question. */
        record AskBack(String question) implements Verdict {}

        /** @param note for the agents who take over, in their note: what the bot saw */
        record HandOver(Why why, String note) implements Verdict {}
    }

    /**
     * @param unanswered a question no entry answers: noted for the owner's FAQ editor
     * @param match      the entry the bot weighed; empty when it read no question to match
     * @param triage     what triage said of the message, when the bot asked
     */
    record Reading(Verdict verdict, boolean unanswered, Optional<FaqMatcher.Match> match,
                   Optional<Triage.Result> triage) {
        Reading(Verdict verdict) {
            this(verdict, false, Optional.empty(), Optional.empty());
        }
    }

    private final FaqMatcher matcher;
    private final BusinessInbox inbox;

    BotReading(FaqMatcher matcher, BusinessInbox inbox) {
        this.matcher = matcher;
        this.inbox = inbox;
    }

    /**
     * @param askedBack the entry's question the bot asked back about in the message just before, if it did
     * @param misses    the misses in a row before this message
     */
    Reading read(String businessId, String text, AutomationSettings s, List<AutomationStore.Faq> entries,
                 Optional<String> askedBack, int misses) {
        boolean yesOrNo = AskBack.isYes(text) || AskBack.isNo(text);
        if (askedBack.isPresent() && yesOrNo) {
            return new Reading(answerToAskBack(text, askedBack.get(), entries, misses));
        }
        Optional<String> handOffWord = HandOffRequest.phrase(text, s.handoffWords());
        if (handOffWord.isPresent()) {
            return new Reading(HandOffRequest.namesAPerson(HandOffRequest.words(handOffWord.get()))
                    ? new Verdict.HandOver(Why.ASKED_FOR_PERSON, "the customer asked for a person.")
                    : new Verdict.HandOver(Why.HANDOFF_WORD, "the message holds the hand-off phrase "
                    + quoted(handOffWord.get()) + "."));
        }
        if (Pleasantries.only(text) || yesOrNo) {
            return new Reading(new Verdict.NoQuestion()); // "ok thanks" after an answer, "yes" to nothing asked
        }
        double threshold = s.faqBot().threshold();
        String profile = s.faqBot().profile();
        Optional<FaqMatcher.Match> match = matcher.best(OwnName.inQuestion(text, entries, profile,
                inbox.names(businessId)), entries, profile);
        Optional<Triage.Result> triage = inbox.triage(businessId, text);
        Optional<Verdict.Answer> answer = match.filter(m -> m.answers(threshold))
                .map(m -> new Verdict.Answer(m.entry().question(), m.entry().answer(), Optional.empty()));
        if (sure(triage, Triage.COMPLAINT)) {
            // A complaint is a person's to take; the answer, when the bot is sure of one, is not held back meanwhile.
            Verdict.HandOver h = new Verdict.HandOver(Why.COMPLAINT, String.format(Locale.ROOT, "triage reads the "
                    + "message as a complaint (%.2f)%s.", triage.get().score(), answer.map(a -> "; the bot answered it "
                    + "with the entry " + quoted(a.question()) + " first").orElse("")));
            return new Reading(answer.<Verdict>map(a -> new Verdict.Answer(a.question(), a.text(), Optional.of(h)))
                    .orElse(h), false, match, triage);
        }
        if (answer.isPresent()) {
            return new Reading(answer.get(), false, match, triage);
        }
        double score = match.map(FaqMatcher.Match::score).orElse(0.0);
        boolean unrelated = score < threshold - UNRELATED_MARGIN;
        if (unrelated && sure(triage, Triage.PRAISE)) {
            // Praise asks nothing: handed over so a person can thank them, and not offered as an unanswered question.
            return new Reading(new Verdict.HandOver(Why.PRAISE, String.format(Locale.ROOT, "triage reads the message "
                    + "as praise (%.2f), not a question; a person may want to answer it.", triage.get().score())),
                    false, match, triage);
        }
        return new Reading(unanswerable(match, threshold, unrelated, misses), true, match, triage);
    }

    private static Verdict unanswerable(Optional<FaqMatcher.Match> match, double threshold, boolean unrelated,
                                        int misses) {
        if (unrelated) {
            return match.<Verdict>map(m -> new Verdict.HandOver(Why.UNRELATED, String.format(Locale.ROOT, "no FAQ "
                    + "entry answers the question (the nearest, %s, scored %.2f; the bot answers from %.2f).",
                    quoted(m.entry().question()), m.score(), threshold)))
                    .orElse(new Verdict.HandOver(Why.NO_ENTRIES, "the business has no FAQ entries yet."));
        }
        if (misses + 1 >= MAX_MISSES) {
            return new Verdict.HandOver(Why.TWO_MISSES, TWO_MISSES);
        }
        return match.filter(m -> m.asksBack(threshold)).<Verdict>map(m -> new Verdict.AskBack(m.entry().question()))
                .orElseGet(Verdict.Miss::new);
    }

    /** A yes gets the entry asked about; a no is the second miss (the ask-back was the first). */
    private static Verdict answerToAskBack(String text, String asked, List<AutomationStore.Faq> entries, int misses) {
        if (AskBack.isYes(text)) {
            return AskBack.entry(asked, entries)
                    .<Verdict>map(f -> new Verdict.Answer(f.question(), f.answer(), Optional.empty()))
                    .orElseGet(() -> new Verdict.HandOver(Why.ASKED_BACK_GONE, "the customer said yes when the bot "
                            + "asked whether they meant " + quoted(asked) + ", but that FAQ entry was deleted (or its "
                            + "question changed) since the bot asked."));
        }
        return misses + 1 >= MAX_MISSES ? new Verdict.HandOver(Why.TWO_MISSES, TWO_MISSES) : new Verdict.Miss();
    }

    private static boolean sure(Optional<Triage.Result> triage, String label) {
        return triage.isPresent() && triage.get().label().equals(label) && triage.get().score() >= TRIAGE_SURE;
    }

    /** An owner's question in a note: quoted, and cut where a long one would crowd the note. */
    static String quoted(String question) {
        String q = question.strip();
        return "\u201c" + (q.length() > 200 ? q.substring(0, 199) + "\u2026" : q) + "\u201d";
    }
}
