package dev.parley.account;

import dev.parley.http.ApiException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a new password must be, wherever one is set (sign-up, a password change), after NIST SP
 * 800-63B: 12 to 128 characters of any kind, spaces and emoji included, but not only spaces, no
 * control characters, not the account's handle or anything containing it, and not one of the
 * common passwords in {@code common-passwords.txt} or a run of one or two characters repeated.
 * Each refusal is a 422 with its own code, so a client can say what to change.
 */
public final class PasswordRules {
    public static final int MIN = 12;
    public static final int MAX = 128;

    private PasswordRules() {}

    /** Answers the password unchanged if it may be used by the account with this handle. */
    public static String check(String password, String handle) {
        if (password == null) {
            throw ApiException.validation("Field 'password' is required.");
        }
        if (password.codePoints().anyMatch(Character::isISOControl)) {
            throw refused("password_control_characters",
                    "A password may not hold control characters such as line breaks or tabs.");
        }
        if (password.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))) {
            throw refused("password_blank", "A password needs more than spaces.");
        }
        Validation.text(password, "password", MIN, MAX);
        String lower = password.toLowerCase(Locale.ROOT);
        if (handle != null && !handle.isEmpty() && lower.contains(handle.toLowerCase(Locale.ROOT))) {
            throw refused("password_contains_handle", "A password may not contain your handle.");
        }
        String squeezed = lower.replaceAll("\\s+", "");
        if (Common.LIST.contains(lower) || Common.LIST.contains(squeezed)
                || squeezed.codePoints().distinct().count() <= 2) {
            throw refused("password_too_common",
                    "That password is too common and among the first ones guessed; choose another.");
        }
        return password;
    }

    private static ApiException refused(String code, String detail) {
        return new ApiException(422, code, "Password not allowed", detail);
    }

    /** The bundled list, read on first use. */
    private static final class Common {
        static final Set<String> LIST = load();

        private static Set<String> load() {
            Set<String> list = new HashSet<>();
            try (InputStream in = PasswordRules.class.getResourceAsStream("common-passwords.txt")) {
                if (in == null) {
                    throw new IllegalStateException("common-passwords.txt is missing from the build");
                }
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line; (line = r.readLine()) != null; ) {
                    String t = line.strip();
                    if (!t.isEmpty() && !t.startsWith("#")) {
                        list.add(t.toLowerCase(Locale.ROOT));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Set.copyOf(list);
        }
    }
}
