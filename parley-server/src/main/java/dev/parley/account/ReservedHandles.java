package dev.parley.account;

import java.util.Arrays;
import java.util.Set;

/**
 * Handles that would pass for the service or its staff: {@code admin}, {@code support},
 * {@code parley_support}, {@code official_news}, {@code admin2}. A handle is reserved when one of
 * its underscore-separated words (digits ignored) is a staff word, when all of it (underscores and
 * digits removed) is one, or when it starts or ends with the service's name or a staff title
 * ({@code parleyhelp}, {@code bobadmin}). Ordinary words that merely contain one ({@code rooted},
 * {@code helpful_hannah}, {@code staffan}) stay free. Accounts made before a word was added keep
 * their handle.
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

    static boolean isReserved(String handle) {
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
