package dev.parley.account;

import dev.parley.http.ApiException;
import dev.parley.text.Visible;
import java.lang.Character.UnicodeScript;
import java.text.Normalizer;
import java.util.EnumSet;
import java.util.Set;

/**
 * Cleans a display or preferred name of the tricks that make one person pass for another. The
 * name is put in NFKC form (fullwidth and "mathematical" letters become plain ones), invisible
 * characters are removed (bidi overrides, zero-width joiners and spaces, Hangul fillers, the
 * braille blank), runs of spaces become one, and then a name is refused if it holds line breaks or
 * other controls, nothing visible, a check mark or similar badge (a fake "verified"), or a word
 * mixing Latin with Cyrillic or Greek letters (the "Pаypal" with a Cyrillic "а"). A name wholly in
 * another script is fine: the web client shows the handle beside every name for that case.
 */
final class Names {
    /** Check marks and ballot boxes: what a fake "verified" badge is made of. */
    private static final Set<Integer> BADGES = Set.of(0x2713, 0x2714, 0x2611, 0x2705, 0x221A, 0x237B, 0x1F5F8,
            0x1F5F9, 0x10102);
    private static final Set<UnicodeScript> LOOKALIKE_SCRIPTS = EnumSet.of(UnicodeScript.LATIN,
            UnicodeScript.CYRILLIC, UnicodeScript.GREEK);

    /** Names the server shows for people it hides or erased: a person taking one would pass for them. */
    /**
     * Marks one letter may carry: Vietnamese, Hebrew points and cantillation, Indic and Thai vowel
     * signs need up to three or four; "zalgo" stacks dozens that draw over the lines around.
     */
    static final int MAX_MARKS = 4;

    private static final Set<String> RESERVED = Set.of(squeezed(Account.HIDDEN_NAME), squeezed(Account.ERASED_NAME));

    private Names() {}

    static String clean(String raw, String field) {
        refuseControls(raw, field);
        String name = cleaned(raw);
        if (!hasVisible(name)) {
            throw refused("name_invisible", "Field '" + field + "' needs at least one visible character.");
        }
        if (name.codePoints().anyMatch(BADGES::contains)) {
            throw refused("name_verification_symbol",
                    "Field '" + field + "' may not hold check marks: they look like a verified badge.");
        }
        for (String word : name.split(" ")) {
            if (mixesLookalikeScripts(word)) {
                throw refused("name_mixed_scripts", "Field '" + field
                        + "' mixes Latin letters with Cyrillic or Greek ones in one word; write each word in one alphabet.");
            }
        }
        if (stackedMarks(name) > MAX_MARKS) {
            throw refused("name_stacked_marks", "Field '" + field + "' stacks more than " + MAX_MARKS
                    + " accents or other marks on one letter; they draw over the lines around it.");
        }
        refuseReserved(name, field);
        return name;
    }

    /**
     * Names the service speaks in: its own ("Parley Team") and what it shows for a hidden or erased
     * account. A group titled so would pass for the service as a person named so would.
     */
    static void refuseReserved(String name, String field) {
        if (ServiceNames.passesForService(name)) {
            throw refused("name_reserved", "'" + name + "' would pass for the service itself; choose another "
                    + field.replace('_', ' ') + ".");
        }
        if (RESERVED.contains(squeezed(name))) {
            throw refused("name_reserved", "'" + name + "' is what the server shows for a hidden or erased account; "
                    + "choose another " + field.replace('_', ' ') + ".");
        }
    }

    /** A name is one line: a line break or tab is refused, not silently made a space. */
    static void refuseControls(String raw, String field) {
        if (raw.codePoints().anyMatch(Character::isISOControl)) {
            throw refused("name_control_characters", "Field '" + field + "' may not hold line breaks or tabs.");
        }
    }

    /**
     * The cleaning alone, without the refusals: NFKC, then bidi controls, zero-width characters
     * and fillers dropped, and any run of spaces or line breaks made one space. Titles and bios get
     * it too ({@link Validation#cleanText}): a bidi override there turned a system line around.
     */
    static String cleaned(String raw) {
        StringBuilder out = new StringBuilder();
        Normalizer.normalize(raw, Normalizer.Form.NFKC).codePoints().forEach(c -> {
            if (Character.getType(c) == Character.FORMAT || Visible.isFiller(c)) {
                return; // bidi controls, zero-width characters, fillers: dropped
            }
            boolean space = Character.isWhitespace(c) || Character.isSpaceChar(c);
            if (space) {
                if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
                    out.append(' ');
                }
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString().strip();
    }

    static boolean hasVisible(String s) {
        return Visible.any(s);
    }

    /** Lower case without spaces: "parley USER" and "ParleyUser" are the placeholder too. */
    private static String squeezed(String name) {
        return name.replace(" ", "").toLowerCase(java.util.Locale.ROOT);
    }

    /** The longest run of combining marks on one letter (after NFKC, which composes the common accents). */
    private static int stackedMarks(String name) {
        int longest = 0;
        int run = 0;
        for (int c : name.codePoints().toArray()) {
            int type = Character.getType(c);
            boolean mark = type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || type == Character.COMBINING_SPACING_MARK;
            run = mark ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    private static boolean mixesLookalikeScripts(String word) {
        EnumSet<UnicodeScript> seen = EnumSet.noneOf(UnicodeScript.class);
        word.codePoints().filter(Character::isLetter).mapToObj(UnicodeScript::of)
                .filter(LOOKALIKE_SCRIPTS::contains).forEach(seen::add);
        return seen.size() > 1;
    }

    private static ApiException refused(String code, String detail) {
        return new ApiException(422, code, "Name not allowed", detail);
    }
}
