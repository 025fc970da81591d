package dev.parley.text;

import java.text.Normalizer;

/**
 * Text as a reader sees it, with the tricks that hide words from a machine undone: fullwidth and "mathematical"
 * letters ("ＳＡＬＥ", "𝐒𝐀𝐋𝐄") made plain (NFKC), invisible characters between letters dropped (zero-width
 * spaces and joiners, soft hyphens, bidi controls), and, in a text written mostly in Latin letters, the Cyrillic
 * and Greek letters drawn like Latin ones read as those ("sаle" with a Cyrillic "а"). A text mostly in Cyrillic or
 * Greek keeps its letters. Only for reading (the promotion check): the message is stored and shown as written.
 *
 * <p>A brand could otherwise pass a promotion past the consent rule and the weekly cap by writing it so:
 * on the ten blind promotion sets such text was caught about half the time (docs/BUSINESS-MODELS.md).
 */
public final class Disguises {
    /** Cyrillic and Greek letters and the Latin letters they are drawn as, at the same places. */
    private static final String LOOKALIKES = "аеорсухіјѕԁӏԛԝвкмнтАВЕКМНОРСТХУІЈЅαορνικτυχεΑΒΕΖΗΙΚΜΝΟΡΤΥΧ";
    private static final String LATIN = "aeopcyxijsdlqwbkmhtABEKMHOPCTXYIJSaopviktuxeABEZHIKMNOPTYX";

    private Disguises() {}

    public static String undo(String text) {
        if (text.chars().allMatch(c -> c < 0x80)) {
            return text; // plain ASCII, as most messages are: nothing can be disguised
        }
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(s.length());
        int latin = 0;
        int lookalike = 0;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (Character.getType(c) == Character.FORMAT) {
                continue; // zero-width characters, soft hyphens, bidi controls: they draw nothing
            }
            Character.UnicodeScript script = Character.isLetter(c) ? Character.UnicodeScript.of(c) : null;
            if (script == Character.UnicodeScript.LATIN) {
                latin++;
            } else if (script == Character.UnicodeScript.CYRILLIC || script == Character.UnicodeScript.GREEK) {
                lookalike++;
            }
            out.appendCodePoint(c);
        }
        if (lookalike == 0 || lookalike >= latin) {
            return out.toString();
        }
        for (int i = 0; i < out.length(); i++) {
            int at = LOOKALIKES.indexOf(out.charAt(i));
            if (at >= 0) {
                out.setCharAt(i, LATIN.charAt(at));
            }
        }
        return out.toString();
    }
}
