package dev.parley.automation;

import dev.parley.message.AuthorKind;
import dev.parley.message.Message;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The FAQ bot's "Did you mean …?" and the customer's answer to it. A customer who is asked back
 * answers "yes" (or "yeah", "that's it", 👍) far more often than they retype the suggested
 * question, so a short yes right after the bot asked gets that entry's answer. A short no is the
 * second miss (the ask-back was the first), so a person takes over (Autoresponder). The question
 * asked is read back from the bot's own message, so the answer holds across restarts and on
 * whichever node handles the next message.
 */
final class AskBack {
    private static final String OPEN = "Did you mean: \u201c";
    private static final String CLOSE = "\u201d?";
    private static final Set<String> YES = Set.of("yes", "y", "yes please", "yeah", "yea", "yep", "yup", "ya", "sure",
            "correct", "right", "exactly", "that s it", "thats it", "that s right", "thats right", "yes that s it",
            "yes thats it", "yes exactly", "yes that s right", "ok", "okay", "indeed", "affirmative", "si", "oui", "ja",
            "👍");
    private static final Set<String> NO = Set.of("no", "n", "nope", "nah", "not really", "no thanks", "wrong",
            "that s not it", "thats not it", "not that", "👎");

    private AskBack() {}

    /** The bot's line asking whether the customer meant this entry's question. */
    static String line(String question) {
        return OPEN + question + CLOSE + " Reply yes and I'll answer it; if not, could you put it another way?";
    }

    /** The question the bot asked back about in this message, if it is such a message. */
    static Optional<String> askedIn(Message m) {
        if (m == null || m.deleted() || m.authorKind() != AuthorKind.BOT || m.text() == null) {
            return Optional.empty();
        }
        int start = m.text().lastIndexOf(OPEN);
        int end = start < 0 ? -1 : m.text().indexOf(CLOSE, start + OPEN.length());
        return end < 0 ? Optional.empty() : Optional.of(m.text().substring(start + OPEN.length(), end));
    }

    /** The entry asked about, if it still exists: the owner may have edited it since. */
    static Optional<AutomationStore.Faq> entry(String question, List<AutomationStore.Faq> faq) {
        return faq.stream().filter(f -> f.question().equals(question)).findFirst();
    }

    static boolean isYes(String text) {
        return YES.contains(normal(text));
    }

    static boolean isNo(String text) {
        return NO.contains(normal(text));
    }

    /** Lower case, punctuation as spaces, and "yes!!", "Yes, please." or "yes 🙂" read as the words alone. */
    private static String normal(String text) {
        if (text == null) {
            return "";
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("👍") || t.equals("👎")) {
            return t;
        }
        return t.replaceAll("[^\\p{L}\\p{N}]+", " ").strip().replaceAll("^(oh|um|uh|hmm) ", "");
    }
}
