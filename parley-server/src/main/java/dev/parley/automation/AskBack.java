package dev.parley.automation;

import dev.parley.message.AuthorKind;
import dev.parley.message.Message;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

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
    /** Skin tones and the emoji presentation selector: "👍🏽" is "👍". */
    private static final Pattern EMOJI_MODIFIERS = Pattern.compile("[\\x{1F3FB}-\\x{1F3FF}\\x{FE0E}\\x{FE0F}]");
    /** A letter typed twice or more: "yesss", "yess" and "noooo" are "yes" and "no". */
    private static final Pattern REPEATED = Pattern.compile("(\\p{L})\\1+");
    /** Courtesy after the answer: "yes please", "no thank you", "ok thanks mate", "yes x". */
    private static final Pattern COURTESY = Pattern.compile("( (please|pls|plz|thanks|thank you|thx|ty|mate|x))+$");
    // The answers below are read through normal(), so the patterns above come first.
    private static final Set<String> YES = normalSet("yes", "y", "ye", "yeh", "yh", "yas", "yeah", "yea", "yep", "yup",
            "ya", "sure", "sure thing", "of course", "absolutely", "definitely", "correct", "right", "exactly", "spot on",
            "that s it", "thats it", "that s right", "thats right", "that s the one", "thats the one", "that one",
            "yes that one", "yes that s it", "yes thats it", "yes exactly", "yes that s right", "yes i do", "yes i did",
            "ok", "okay", "indeed", "affirmative", "si", "oui", "ja", "👍", "👌", "✅");
    private static final Set<String> NO = normalSet("no", "n", "nope", "nah", "not really", "not quite", "neither",
            "wrong", "that s not it", "thats not it", "not that", "no it s not", "no its not", "no i don t", "no i dont",
            "no i didn t", "no i didnt", "something else", "no something else", "👎");
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

    /**
     * An acknowledgement with thanks ("ok thanks", "okay, thank you 👍"): how customers close a conversation, so it is
     * no yes even to a pending "Did you mean …?" (it took "ok thanks" after an answer for a yes to a guess and sent an
     * answer to a question never asked). "ok" or 👍 alone stays a yes; "yes thanks" too.
     */
    private static final Pattern THANKED_ACK = Pattern.compile(
            "^(?:ok|okay|okey|okie|k|kk|alright|fine|cool|great|perfect|right)(?: ok| okay)*"
                    + " (?:thanks|thank you|thankyou|thanx|thx|ty|cheers|ta)\\b");

    static boolean isYes(String text) {
        return YES.contains(normal(text)) && !THANKED_ACK.matcher(plain(text)).find();
    }

    static boolean isNo(String text) {
        return NO.contains(normal(text));
    }

    private static Set<String> normalSet(String... answers) {
        return java.util.Arrays.stream(answers).map(AskBack::normal).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /**
     * Lower case, punctuation as spaces, letters typed twice once, and "yes!!", "Yes, please.", "yesss",
     * "yes 🙂" or "👍🏽" read as the words (or the thumb) alone.
     */
    private static String normal(String text) {
        if (text == null) {
            return "";
        }
        String t = EMOJI_MODIFIERS.matcher(text).replaceAll("").strip().toLowerCase(Locale.ROOT);
        if (t.equals("👍") || t.equals("👎") || t.equals("👌") || t.equals("✅")) {
            return t;
        }
        return REPEATED.matcher(COURTESY.matcher(plain(text)).replaceAll("")).replaceAll("$1");
    }

    /** Lower case, marks and emoji as spaces, a leading "oh"/"um" left out: the words as said. */
    private static String plain(String text) {
        String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
        return t.replaceAll("[^\\p{L}\\p{N}]+", " ").strip().replaceAll("^(oh|um|uh|hmm) ", "");
    }
}
