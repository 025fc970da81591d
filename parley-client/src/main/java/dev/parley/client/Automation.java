package dev.parley.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A business's automatic replies (see {@code PUT …/automation}). Texts are templates, e.g.
 * {@code Hi {{customer.first_name | default: "there"}}!}. Parts left null keep what is set.
 *
 * @param handoffWords phrases that make the FAQ bot hand the conversation to a person
 */
public record Automation(Reply instantReply, Away awayMessage, FaqBot faqBot, List<String> handoffWords) {

    public record Reply(boolean enabled, String text) {}

    /**
     * @param hours    days mon…sun, each a list of [open, close] local times, e.g. {@code {"mon": [["09:00","17:00"]]}};
     *                 also the hours the response figures count
     * @param holidays ISO dates closed all day
     */
    public record Away(boolean enabled, String text, String timeZone, Map<String, List<List<String>>> hours,
                       List<String> holidays) {}

    /**
     * @param threshold the least similarity (0–1) at which the bot answers
     * @param profile   what the business is and sells, in the owner's words (up to 1000 characters); its
     *                  words count as the business's own, so questions naming its products are answered;
     *                  null keeps what is set
     */
    public record FaqBot(boolean enabled, Double threshold, List<String> starterQuestions, String profile) {
        public FaqBot(boolean enabled, Double threshold, List<String> starterQuestions) {
            this(enabled, threshold, starterQuestions, null);
        }
    }

    /**
     * A question the FAQ bot answers from, in other words too.
     *
     * @param question      the first phrasing
     * @param questions     every phrasing, {@code question} first
     * @param answerRefused set when the answer reads as promotion: a customer who has not opted in gets
     *                      a person instead of it; null when it can go to every customer
     */
    public record Faq(String id, String question, List<String> questions, String answer, List<String> keywords,
                      Instant createdAt, AnswerRefused answerRefused) {}

    /** Why the business rules would refuse an entry's answer to a customer who has not opted in. */
    public record AnswerRefused(String code, List<String> reasons) {}

    /**
     * How the FAQ bot would take a question: the nearest entry, the phrasing of it that matched,
     * its score, whether it would answer or ask "Did you mean …?", the words it found the entry does not
     * explain (or null), and the question as it read it when that differs from the question as typed (a
     * greeting, thanks or emoji left out, a misspelt word read as the business's: {@code readAs}, or null).
     */
    public record Trial(Faq entry, String matchedQuestion, double score, double threshold, boolean answers,
                        boolean asksBack, String unexplained, String readAs) {}
}
