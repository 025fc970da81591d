package dev.parley.account;

import dev.parley.http.ApiException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The limits API.md gives for handles, names and passwords. Lengths count code points. Handles
 * stay plain ASCII and may not look like staff ({@link ReservedHandles}); names are cleaned of
 * look-alike tricks ({@link Names}); passwords have their own rules ({@link PasswordRules}).
 */
public final class Validation {
    private static final Pattern HANDLE = Pattern.compile("[a-z0-9_]{3,30}");

    private Validation() {}

    /** Handles are case-insensitive: stored and compared in lower case. */
    public static String handle(String raw) {
        if (raw == null) {
            throw ApiException.validation("Field 'handle' is required.");
        }
        String h = raw.trim().toLowerCase(Locale.ROOT);
        if (!HANDLE.matcher(h).matches()) {
            throw ApiException.validation("A handle is 3 to 30 letters, digits or underscores.");
        }
        if (ReservedHandles.isReserved(h)) {
            throw new ApiException(422, "handle_reserved", "Handle not allowed",
                    "@" + h + " could be taken for the service's own staff; choose another handle.");
        }
        return h;
    }

    public static String displayName(String raw) {
        if (raw == null) {
            throw ApiException.validation("Field 'display_name' is required.");
        }
        return text(Names.clean(raw, "display_name"), "display_name", 1, 64);
    }

    public static Optional<String> preferredName(String raw) {
        return preferredName(raw, "preferred_name");
    }

    /** The same name under the field the caller sent it in (an app sends it as first_name). */
    public static Optional<String> preferredName(String raw, String field) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(text(Names.clean(raw, field), field, 1, 32));
    }

    /**
     * A free text that names something (a group's title, a saved reply's title, an app's name) or
     * describes someone (a bio): cleaned as a display name is ({@link Names#cleaned}: no bidi
     * controls, zero-width characters or fillers, one space at a time), without the rules only
     * people's names have, then bounded. A text with nothing visible left counts as empty, so it
     * is refused as an empty one is (an invisible title was taken, and a right-to-left override made
     * a system line read "… made me admin").
     */
    public static String cleanText(String raw, String field, int min, int max) {
        String s = Names.cleaned(raw);
        return text(Names.hasVisible(s) ? s : "", field, min, max);
    }

    /**
     * A group's title: cleaned as {@link #cleanText} does, and one line as a display name is (422
     * {@code name_control_characters}): a line break was made a space without a word, while the
     * same break in a name was refused. Bios keep the plain cleaning.
     */
    public static String title(String raw) {
        Names.refuseControls(raw, "title");
        String title = cleanText(raw, "title", 1, 100);
        Names.refuseReserved(title, "title"); // a group named "Parley Support" would pass for the service
        return title;
    }

    public static String text(String s, String field, int min, int max) {
        int n = s.codePointCount(0, s.length());
        if (n < min || n > max) {
            throw ApiException.validation("Field '" + field + "' must be " + min + " to " + max
                    + " characters (it has " + n + ").");
        }
        return s;
    }
}
