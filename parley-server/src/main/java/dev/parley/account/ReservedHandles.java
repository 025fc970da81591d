package dev.parley.account;

import java.util.Arrays;
import java.util.Set;

/**
 * Handles that would pass for the service or its staff: {@code admin}, {@code support},
 * {@code parley_support}, {@code official_news}, {@code admin2}. A handle is reserved when one of
 * its underscore-separated words (digits ignored) is a staff word, when all of it (underscores and
 * digits removed) is one, or when it starts or ends with the service's name or a staff title
 * ({@code parleyhelp}, {@code bobadmin}). Ordinary words that merely contain one ({@code rooted},
 * {@code helpful_hannah}, {@code staffan}) stay free. Digits and "rn" standing for letters are read as
 * those letters too. Accounts made before a word was added keep their handle.
 */
final class ReservedHandles {
    private static final Set<String> WORDS = Set.of("admin", "admins", "administrator", "root", "support",
            "parley", "moderator", "moderators", "mod", "mods", "official", "security", "help", "helpdesk",
            "system", "sysadmin", "staff", "superuser", "abuse", "postmaster", "webmaster", "hostmaster",
            "noreply", "verified", "verification", "trustandsafety", "safety", "billing", "operator",
            "everyone", "null", "undefined");
    /** Words that stay reserved as the start or end of a run-together handle. */
    private static final Set<String> AFFIXES = Set.of("parley", "admin", "administrator", "moderator", "official",
            "sysadmin", "superuser");

    private ReservedHandles() {}

    /**
     * Also read with look-alikes taken for the letters they pass for ({@code adm1n}, {@code p4rley},
     * {@code systern}): a 1 as an i and as an l, other digits as the letter they resemble, "rn" as "m".
     */
    static boolean isReserved(String handle) {
        String h = handle.toLowerCase(java.util.Locale.ROOT);
        return reservedAsWritten(h) || reservedAsWritten(lookAlike(h, 'i')) || reservedAsWritten(lookAlike(h, 'l'));
    }

    private static String lookAlike(String h, char one) {
        StringBuilder out = new StringBuilder(h.length());
        for (char c : h.toCharArray()) {
            out.append(switch (c) {
                case '0' -> 'o';
                case '1' -> one;
                case '3' -> 'e';
                case '4' -> 'a';
                case '5' -> 's';
                case '7' -> 't';
                default -> c;
            });
        }
        return out.toString().replace("rn", "m").replace("vv", "w");
    }

    private static boolean reservedAsWritten(String handle) {
        if (Arrays.stream(handle.split("_")).map(ReservedHandles::letters).anyMatch(WORDS::contains)) {
            return true;
        }
        String compact = letters(handle);
        return WORDS.contains(compact)
                || AFFIXES.stream().anyMatch(a -> compact.startsWith(a) || compact.endsWith(a));
    }

    private static String letters(String s) {
        return s.replaceAll("[^a-z]", "");
    }
}
