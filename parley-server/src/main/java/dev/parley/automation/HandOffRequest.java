package dev.parley.automation;

import dev.parley.textmodel.Pleasantries;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a customer's message asks for a person, read from the business's {@code handoff_words}.
 * The words were found anywhere in a message, so "Hi, can someone tell me your opening hours?",
 * "Can I return a jacket in person?" and "Are you an agent for Rab?" were handed over, unanswered,
 * while {@code …/faq/try} said the bot would answer (found from outside).
 *
 * <p>A phrase that names a person ({@link #PERSON_NOUNS}: "person", "real people", "live agent")
 * hands over only when the customer asks for one:
 * <ul>
 *   <li>the message is little more than the phrase: "human", "agent please", "a real person?",
 *       "are you a human or a bot?" (every other word is one of {@link #ONLY_AROUND});</li>
 *   <li>a request comes before it, with at most four small words between: "can I talk to someone",
 *       "speak to a human", "I want a human", "connect me with an agent", "put me through to an operator";</li>
 *   <li>a way to talk follows it: "is there a person I can talk to", "someone to speak with",
 *       "someone to call me back".</li>
 * </ul>
 * Any other phrase an owner adds (a topic, "refund", "cancel my order", or a request written out,
 * "speak to the manager") hands over wherever it appears, as every phrase did before: the owner
 * chose those words to mean "a person should take this".
 */
final class HandOffRequest {
    /** Words that name someone the customer could be handed to: a phrase ending in one is read as a request. */
    static final Set<String> PERSON_NOUNS = Set.of("person", "persons", "people", "human", "humans", "agent", "agents",
            "someone", "somebody", "anyone", "anybody", "representative", "representatives", "rep", "operator",
            "operators", "staff", "manager", "supervisor", "employee", "advisor", "adviser", "being", "member");
    /** Asking words: before a person word they make a request of it ("talk to", "I want", "get me"). */
    private static final String ASK = "talk|speak|chat|talking|speaking|chatting|connect|transfer|transferred|reach|contact"
            + "|call|escalate|want|need|wanna|prefer|rather|like|request|ask for|get me|give me|pass me|hand me|put me"
            + "|through|get hold of|get in touch with";
    /** Small words that may stand between an asking word and the person: "speak to a real", "put me through to an". */
    private static final String BETWEEN = "to|with|me|us|through|a|an|the|some|any|your|one|of|real|actual|live|proper"
            + "|genuine|human|i|can|could|please|just|directly|now|in|touch|on|phone|line|again|another|other|different"
            + "|talk|speak|chat|talking|speaking|chatting|be|actually|really";
    /** Words a message that is only a request for a person may hold around the person word. */
    static final Set<String> ONLY_AROUND = Set.of(("please pls plz now asap just a an the some any real actual live "
            + "proper genuine to with i im id want need can could would like wanna get have may me talk speak chat "
            + "talking speaking chatting is there are you u r am this or bot robot ai machine being available here "
            + "around online one of your yes ok okay help connect transfer let really actually still anybody anyone "
            + "hello hi hey").split(" "));
    private static final Pattern SPLIT = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern ASKING_WORD = Pattern.compile("\\b(?:" + ASK + ")\\b");

    private HandOffRequest() {}

    /** The message asks for a person by one of the phrases. */
    static boolean asks(String text, List<String> phrases) {
        return phrase(text, phrases).isPresent();
    }

    /** The phrase by which the message asks for a person (or holds the owner's topic), as the owner wrote it. */
    static Optional<String> phrase(String text, List<String> phrases) {
        String t = words(Pleasantries.strip(text == null ? "" : text));
        return t.isEmpty() ? Optional.empty() : phrases.stream().filter(p -> {
            String w = words(p);
            return !w.isEmpty() && (namesAPerson(w) ? requests(t, w) : contains(t, w));
        }).findFirst();
    }

    /** The phrase names a person and holds no asking word of its own ("speak to the manager" is a request already). */
    static boolean namesAPerson(String phrase) {
        String[] w = phrase.split(" ");
        return PERSON_NOUNS.contains(w[w.length - 1]) && !ASKING_WORD.matcher(phrase).find();
    }

    private static boolean requests(String t, String phrase) {
        String p = Pattern.quote(phrase) + "s?";
        return Pattern.compile("\\b(?:" + ASK + ")(?: (?:" + BETWEEN + ")){0,4} " + p + "\\b").matcher(t).find()
                || Pattern.compile("\\b" + p + " (?:(?:i|we) (?:can|could|may) |to |who (?:can|could) )"
                        + "(?:talk|speak|chat|help|call)\\b").matcher(t).find()
                || littleMore(t, phrase);
    }

    /** Once the phrase is taken out, only the small words of {@link #ONLY_AROUND} are left. */
    private static boolean littleMore(String t, String phrase) {
        java.util.regex.Matcher m = Pattern.compile("(?:^| )" + Pattern.quote(phrase) + "s?(?= |$)").matcher(t);
        if (!m.find()) {
            return false;
        }
        String rest = (t.substring(0, m.start()) + " " + t.substring(m.end())).strip();
        return rest.isEmpty() || Arrays.stream(rest.split(" +")).allMatch(ONLY_AROUND::contains);
    }

    private static boolean contains(String t, String phrase) {
        return (" " + t + " ").contains(" " + phrase + " ");
    }

    /** Lower case, apostrophes dropped ("i'd" is "id"), other marks as single spaces. */
    static String words(String text) {
        String t = text.toLowerCase(Locale.ROOT).replaceAll("['\u2019]", "");
        return SPLIT.matcher(t).replaceAll(" ").strip();
    }
}
