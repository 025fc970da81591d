package dev.parley.message;

/**
 * Whether a string is exactly one emoji as people pick them: a pictograph (with its optional
 * presentation selector and skin tone), pictographs joined by ZWJ (families, "woman technologist"),
 * a flag (two regional indicators, or a subdivision's tag sequence) or a keycap. Java 17 has no
 * emoji property, so pictographs are the Unicode ranges where Extended_Pictographic lives.
 */
final class Emoji {
    private static final int ZWJ = 0x200D;
    private static final int VS16 = 0xFE0F;
    private static final int KEYCAP = 0x20E3;
    private static final int MAX_CHARS = 40;

    private Emoji() {}

    static boolean isOne(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_CHARS) {
            return false;
        }
        int[] cp = s.codePoints().toArray();
        return keycap(cp) || flag(cp) || tagFlag(cp) || zwjSequence(cp);
    }

    /**
     * The one form an emoji is stored and counted in, so ❤ and ❤️ are one reaction: Unicode's
     * fully-qualified form (emoji-test.txt), which is what pickers and keyboards send. A keycap
     * carries its VS16; a pictograph whose default presentation is text (❤, ☺, 👁) carries one
     * unless a skin tone follows; one whose default is emoji (☕, 😀) carries none; flags are as
     * given. Only for a string {@link #isOne} accepted.
     */
    static String canonical(String s) {
        int[] cp = s.codePoints().toArray();
        if (keycap(cp)) {
            return new String(new int[] {cp[0], VS16, KEYCAP}, 0, 3);
        }
        if (flag(cp) || tagFlag(cp)) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 4);
        for (int i = 0; i < cp.length; i++) {
            if (cp[i] == VS16) {
                continue;
            }
            out.appendCodePoint(cp[i]);
            int next = i + 1 < cp.length && cp[i + 1] == VS16 ? i + 2 : i + 1;
            boolean toned = next < cp.length && skinTone(cp[next]);
            if (pictographic(cp[i]) && !toned && EmojiPresentation.textByDefault(cp[i])) {
                out.appendCodePoint(VS16);
            }
        }
        return out.toString();
    }

    /** 1️⃣, #️⃣: a digit, # or *, an optional VS16, then the keycap mark. */
    private static boolean keycap(int[] cp) {
        boolean base = cp.length >= 2 && (Character.isDigit(cp[0]) && cp[0] < 0x80 || cp[0] == '#' || cp[0] == '*');
        return base && (cp.length == 2 && cp[1] == KEYCAP || cp.length == 3 && cp[1] == VS16 && cp[2] == KEYCAP);
    }

    private static boolean regional(int c) {
        return c >= 0x1F1E6 && c <= 0x1F1FF;
    }

    private static boolean flag(int[] cp) {
        return cp.length == 2 && regional(cp[0]) && regional(cp[1]);
    }

    /** 🏴 followed by tag letters and a cancel tag (England, Scotland, Wales). */
    private static boolean tagFlag(int[] cp) {
        if (cp.length < 3 || cp[0] != 0x1F3F4 || cp[cp.length - 1] != 0xE007F) {
            return false;
        }
        for (int i = 1; i < cp.length - 1; i++) {
            if (cp[i] < 0xE0020 || cp[i] > 0xE007E) {
                return false;
            }
        }
        return true;
    }

    /** Pictographs, each with an optional VS16 and skin tone, joined by ZWJ. */
    private static boolean zwjSequence(int[] cp) {
        int i = 0;
        while (true) {
            if (i >= cp.length || !pictographic(cp[i]) || regional(cp[i])) {
                return false;
            }
            i++;
            if (i < cp.length && cp[i] == VS16) {
                i++;
            }
            if (i < cp.length && skinTone(cp[i])) {
                i++;
            }
            if (i == cp.length) {
                return true;
            }
            if (cp[i] != ZWJ) {
                return false;
            }
            i++;
        }
    }

    private static boolean skinTone(int c) {
        return c >= 0x1F3FB && c <= 0x1F3FF;
    }

    private static boolean pictographic(int c) {
        return c == 0x00A9 || c == 0x00AE || c == 0x203C || c == 0x2049 || c == 0x2122 || c == 0x2139
                || c >= 0x2194 && c <= 0x21AA || c >= 0x231A && c <= 0x23FF || c == 0x24C2
                || c >= 0x25AA && c <= 0x25FE || c >= 0x2600 && c <= 0x27BF || c == 0x2934 || c == 0x2935
                || c >= 0x2B05 && c <= 0x2B55 || c == 0x3030 || c == 0x303D || c == 0x3297 || c == 0x3299
                || c >= 0x1F000 && c <= 0x1FAFF || c >= 0x1FC00 && c <= 0x1FFFD;
    }
}
