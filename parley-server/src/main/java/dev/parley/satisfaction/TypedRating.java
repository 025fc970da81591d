package dev.parley.satisfaction;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rating typed as a reply to the rating question ("5", "4/5 quick and friendly", "5 stars!", "5*",
 * "⭐⭐⭐⭐", "⭐⭐⭐⭐⭐ brilliant"), for customers who cannot press the web client's buttons: an app on the SDK, or
 * Messenger, Instagram and X, where the question arrives as text and the customer can only write.
 * A bare number followed by words ("2 of my bikes still squeak") is not taken for a score: it
 * needs punctuation, "/5", "out of 5" or "stars" after it, or nothing. Such a reply does not reopen
 * the conversation ({@link SatisfactionSurvey#replies}) nor count as a request in the figures.
 */
final class TypedRating {
    /** The score with its unit ("/5", "out of 5", "stars", "*"), then anything as the comment. */
    private static final Pattern WITH_UNIT = Pattern.compile(
            "^([1-5])\\s*(?:/\\s*5|out\\s+of\\s+5|stars?|\\*)(?:\\s*[-–—,:;.!)]+\\s*|\\s+|$)(.*)$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    /** A bare score: alone, or followed by punctuation and the comment; not the start of a decimal ("1.5"). */
    private static final Pattern BARE = Pattern.compile("^([1-5])(?![.,]\\d)\\s*(?:[-–—,:;.!)]+\\s*(.*))?$",
            Pattern.DOTALL);
    /** One to five stars, then anything as the comment ("⭐⭐⭐⭐⭐ brilliant, thanks"). */
    private static final Pattern STARS = Pattern.compile("^((?:[\u2B50\u2605]\uFE0F?\\s*){1,5})(?![\u2B50\u2605])"
            + "(?:[-–—,:;.!)]+\\s*)?(.*)$", Pattern.DOTALL);

    /** @param comment what follows the score, null when nothing does */
    record Parsed(int score, String comment) {}

    private TypedRating() {}

    static Optional<Parsed> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        for (Pattern p : new Pattern[] {STARS, WITH_UNIT, BARE}) {
            Matcher m = p.matcher(t);
            if (m.matches()) {
                String rest = m.group(2) == null ? "" : m.group(2).strip();
                String comment = rest.isEmpty() ? null
                        : rest.substring(0, Math.min(rest.length(), SatisfactionService.MAX_COMMENT));
                return Optional.of(new Parsed(score(m.group(1)), comment));
            }
        }
        return Optional.empty();
    }

    /** A digit, or the stars counted. */
    private static int score(String matched) {
        return Character.isDigit(matched.charAt(0)) ? Integer.parseInt(matched)
                : (int) matched.codePoints().filter(c -> c == 0x2B50 || c == 0x2605).count();
    }

    /** Cheap enough for the committing thread: could this event's message text be a typed rating? */
    static boolean mayBeIn(String eventData) {
        return eventData != null && MAY_BE.matcher(eventData).find();
    }

    private static final Pattern MAY_BE = Pattern.compile("\"text\":\"\\s*[1-5\u2B50\u2605]");
}
