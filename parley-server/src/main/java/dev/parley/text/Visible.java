package dev.parley.text;

import java.util.Set;

/**
 * Whether a text shows anything: one definition for names, titles and messages. Invisible are
 * spaces and line breaks, format characters (zero-width spaces and joiners, U+2060, the BOM, bidi
 * controls, tags), letters that draw nothing (Hangul fillers, the braille blank), marks with no
 * letter under them (a variation selector alone, a lone accent), and unassigned or private code
 * points. A message of only these showed as an empty bubble.
 */
public final class Visible {
    /** Letters that draw nothing, used to make blank or padded names. */
    private static final Set<Integer> FILLERS = Set.of(0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x17B4, 0x17B5);

    private Visible() {}

    public static boolean isFiller(int c) {
        return FILLERS.contains(c);
    }

    /** At least one code point of {@code s} draws something. */
    public static boolean any(String s) {
        return s.codePoints().anyMatch(Visible::draws);
    }

    private static boolean draws(int c) {
        int type = Character.getType(c);
        return type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK
                && type != Character.FORMAT && type != Character.CONTROL && type != Character.UNASSIGNED && type != Character.PRIVATE_USE
                && !isFiller(c) && !Character.isWhitespace(c) && !Character.isSpaceChar(c);
    }
}
