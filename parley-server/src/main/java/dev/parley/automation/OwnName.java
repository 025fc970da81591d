package dev.parley.automation;

import dev.parley.textmodel.WholeWords;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A customer who names the business asks it, as one who says "you" does: "Does Northfield Cycles
 * price match?" is "Does you price match?" to the FAQ bot. Read as written, the name is words the
 * business never wrote in its entries, which the bot takes for a third party's ("Does Halfords price
 * match?" is not the shop's question), so it handed such questions to a person at a score of 0.05 to
 * 0.13 where the same question with "you" was answered at 0.83 to 0.99 (docs/BUSINESS-MODELS.md).
 *
 * <p>The names are the display name (also without a leading "The"), its first word alone when that
 * is no English word ("Northfield" of "Northfield Cycles", not "Harbour" of "Harbour Outfitters",
 * which may be any harbour), and the handle, bare under the same condition or with its "@".
 * A possessive ("Northfield Cycles's", "…’") reads as "your". An article before the name goes with it,
 * and a "store" or "shop" after it or ending it reads as "your store": "Is the Northfield store open?"
 * was "Is the you store open?" and is "Is your store open?".
 */
final class OwnName {
    private static final Pattern LEADING_THE = Pattern.compile("(?i)^the\\s+");
    private static final int SHORTEST_ALONE = 4;
    /** What a customer calls the business's premises after its name ("the Northfield store"). */
    private static final String PLACE = "store|shop";
    private static final Pattern ENDS_IN_PLACE = Pattern.compile("(?iu)[\\s_-](" + PLACE + ")$");

    private OwnName() {}

    /**
     * The question as the FAQ bot should match it: the business's names as "you", unless the question is an
     * entry's phrasing as the owner wrote it (which may name the business, and is always answered).
     *
     * @param names the business's display name and {@code @handle}
     */
    static String inQuestion(String question, List<AutomationStore.Faq> entries, String profile, List<String> names) {
        String read = FaqMatcher.asRead(question, entries, profile);
        return entries.stream().anyMatch(f -> FaqMatcher.isPhrasing(read, f)) ? question : asYou(question, names);
    }

    /**
     * @param names the business's display name and handle (either may be null or blank)
     * @return the question with each of them as "you" (or "your")
     */
    static String asYou(String question, List<String> names) {
        List<String> forms = forms(names);
        if (forms.isEmpty()) {
            return question;
        }
        String alternatives = String.join("|", forms.stream().map(OwnName::loose).toList());
        // An article before the name goes with it, and a place noun after it: "the Northfield store" is "your store".
        Matcher m = Pattern.compile("(?iu)(?<![\\p{L}\\p{N}@])(?:the\\s+)?(?<name>" + alternatives + ")"
                + "(?:[\\s_-]+(?<noun>" + PLACE + "))?(?<possessive>['\u2019]s?)?(?![\\p{L}\\p{N}])").matcher(question);
        return m.replaceAll(r -> Matcher.quoteReplacement(asYou(m.group("name"), m.group("noun"), m.group("possessive"))));
    }

    /** "your" for a possessive, "your store" where a place noun follows the name or ends it, else "you". */
    private static String asYou(String name, String noun, String possessive) {
        if (possessive != null) {
            return "your";
        }
        Matcher last = ENDS_IN_PLACE.matcher(name);
        String place = noun != null ? noun : last.find() ? last.group(1) : null;
        return place == null ? "you" : "your " + place.toLowerCase(Locale.ROOT);
    }

    /** The ways a customer writes the name, longest first, so "Northfield Cycles" wins over "Northfield". */
    static List<String> forms(List<String> names) {
        Set<String> out = new LinkedHashSet<>();
        for (String raw : names) {
            if (raw == null || raw.isBlank()) {
                continue;
            }
            String name = raw.strip();
            if (name.startsWith("@")) { // a handle
                name = name.substring(1);
                if (name.isBlank()) {
                    continue;
                }
                out.add("@" + name);
                alone(name, out);
                continue;
            }
            String bare = LEADING_THE.matcher(name).replaceFirst("");
            String[] words = bare.split("\\s+");
            if (words.length > 1) { // "Northfield Cycles" is the shop wherever it is written
                out.add(name);
                out.add(bare);
                alone(words[0], out);
            } else { // "Bloom" may be the shop or the flowers
                alone(bare, out);
            }
        }
        List<String> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return sorted;
    }

    /** A single word of the name counts alone only when it cannot be an everyday word the customer meant. */
    private static void alone(String word, Set<String> out) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.codePoints().filter(Character::isLetter).count() >= SHORTEST_ALONE && !WholeWords.contains(w)) {
            out.add(word);
        }
    }

    /** The name as a pattern that lets its words be spaced or hyphenated as the customer types them. */
    private static String loose(String form) {
        StringBuilder p = new StringBuilder();
        for (String part : form.split("[\\s_-]+")) {
            if (!p.isEmpty()) {
                p.append("[\\s_-]*");
            }
            p.append(Pattern.quote(part));
        }
        return p.toString();
    }
}
