package dev.parley.business;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the wording says beside the meaning: whether a message asks something, and how many
 * words of praise and of grievance it holds. The sentence model places "my order arrived a day
 * early" near "my order never arrived" (same topic, opposite feeling) and "is there a vegetarian
 * menu?" near complaints about food; these cues tip such messages back. They adjust the labels'
 * scores a little ({@link Triage}); they never decide alone.
 *
 * @implNote Short word lists rather than a sentiment model: a second model would double the
 * jar's model weight and the load time for a few points; the lists were written for triage and
 * shaped on the tuning half of {@code eval/triage.tsv}, never on the held-out half.
 */
final class TriageCues {
    private static final Pattern ASKS = Pattern.compile("\\?|^\\s*(hi|hello|hey)?[,!. ]*(is|are|do|does|did|can|could|would|will|"
            + "should|how|what|what's|when|where|which|who|why|any chance|i was wondering|wondering|i'd like to know|"
            + "may i|u)\\b", Pattern.CASE_INSENSITIVE);
    private static final Set<String> PRAISE = Set.of("thank", "thanks", "love", "loved", "lovely", "great", "amazing",
            "brilliant", "perfect", "perfectly", "wonderful", "fantastic", "excellent", "outstanding", "superb", "best",
            "kudos", "impressed", "happy", "delighted", "delicious", "gorgeous", "beautiful", "beautifully", "awesome",
            "appreciated", "grateful", "helpful", "friendly", "kind", "rock", "stars", "compliments", "well", "quick",
            "early", "fast", "heavenly", "relief", "enjoyed", "pleasant", "nice", "spotless", "blast", "glad");
    private static final Set<String> GRIEVANCE = Set.of("broken", "broke", "damaged", "missing", "wrong", "late",
            "never", "still", "again", "rude", "cold", "worst", "terrible", "awful", "unacceptable", "disappointed",
            "unhappy", "furious", "ridiculous", "useless", "refund", "charged", "overcharged", "lost", "crashes",
            "crashing", "failing", "fails", "waiting", "waited", "ignored", "nobody", "didn't", "doesn't", "won't",
            "can't", "not", "no", "dirty", "raw", "squeaking", "shrank", "ruined", "slow", "delays", "delay", "stopped",
            "problem", "issue", "dangerous", "down", "locked", "hurt", "poisoning");

    record Cues(boolean asks, int praise, int grievance) {}

    static Cues of(String text) {
        int praise = 0;
        int grievance = 0;
        for (String w : text.toLowerCase(Locale.ROOT).replace('\u2019', '\'').split("[^a-z']+")) {
            if (PRAISE.contains(w)) {
                praise++;
            }
            if (GRIEVANCE.contains(w)) {
                grievance++;
            }
        }
        return new Cues(ASKS.matcher(text).find(), Math.min(praise, 3), Math.min(grievance, 3));
    }
}
