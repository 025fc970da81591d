package dev.parley.account;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Display names that pass for the service itself: "Parley", "Parley Team", "Parley Support",
 * "Team Parley", in any case, spacing or accents, and with the look-alikes a name can borrow
 * ("ParIey" with a capital i, "Par1ey"). The handles {@code parley} and {@code parleyteam} were
 * reserved ({@link ReservedHandles}) while the same words as a display name were taken. Only the
 * service's name alone or beside a staff word counts: "Parley Smith" and "Gil Parley" are names.
 */
final class ServiceNames {
    private static final String SERVICE = "parley";
    /** What follows or precedes the service's name in a name that speaks for it. */
    private static final Set<String> STAFF_WORDS = Set.of("", "team", "support", "help", "helpdesk", "staff",
            "admin", "admins", "administrator", "official", "security", "safety", "trustandsafety", "moderation",
            "moderator", "moderators", "mod", "mods", "app", "hq", "news", "bot", "system", "service", "services",
            "care", "notifications", "updates", "verified", "info");
    private static final Set<String> RESERVED = reserved();

    private ServiceNames() {}

    static boolean passesForService(String name) {
        return RESERVED.contains(skeleton(name));
    }

    private static Set<String> reserved() {
        Set<String> out = new HashSet<>();
        for (String w : STAFF_WORDS) {
            for (String article : new String[] {"", "the"}) {
                out.add(skeleton(article + SERVICE + w));
                out.add(skeleton(article + w + SERVICE));
            }
        }
        return out;
    }

    /**
     * Letters only, lower case, accents dropped, and the letters that draw alike in a name made one:
     * i, 1 and | as l (a capital I is an l in most sans-serif fonts), 0 as o.
     */
    private static String skeleton(String s) {
        String bare = Normalizer.normalize(Normalizer.normalize(s, Normalizer.Form.NFKC), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        bare.codePoints().forEach(c -> {
            int folded = switch (c) {
                case 'i', '1', '|' -> 'l';
                case '0' -> 'o';
                default -> c;
            };
            if (Character.isLetter(folded)) {
                out.appendCodePoint(folded);
            }
        });
        return out.toString();
    }
}
