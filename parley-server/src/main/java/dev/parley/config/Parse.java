package dev.parley.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The parsers {@link Keys} reads settings with: each says what it expected. */
final class Parse {
    private Parse() {}

    static String nonBlank(String v) {
        if (v.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return v.trim();
    }

    static int intIn(String v, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number: '" + v + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(n + " is outside " + min + ".." + max);
        }
        return n;
    }

    static long longIn(String v, long min, long max) {
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number: '" + v + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(n + " is outside " + min + ".." + max);
        }
        return n;
    }

    static String hs256Secret(String v) {
        if (!v.isEmpty() && v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("an HS256 secret needs at least 32 bytes");
        }
        return v;
    }

    static boolean bool(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes", "1" -> true;
            case "off", "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("expected on or off, got '" + v + "'");
        };
    }

    static String oneOf(String v, String... allowed) {
        String t = v.trim().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(t)) {
                return t;
            }
        }
        throw new IllegalArgumentException("'" + v + "' is not one of " + String.join(", ", allowed));
    }

    static Duration positiveDuration(String v) {
        Duration d = Durations.parse(v);
        if (d.isZero()) {
            throw new IllegalArgumentException("must be longer than zero");
        }
        return d;
    }

    static Duration atLeast(String v, Duration min) {
        Duration d = Durations.parse(v);
        if (d.compareTo(min) < 0) {
            throw new IllegalArgumentException("must be at least " + min.toSeconds() + "s");
        }
        return d;
    }

    /** CSP source expressions only: a ; or , would let a value add directives of its own. */
    static String frameAncestors(String v) {
        String t = nonBlank(v).replaceAll("\\s+", " ");
        for (String source : t.split(" ")) {
            if (!source.matches("'none'|'self'|[a-z][a-z0-9+.-]*:(//[*a-zA-Z0-9.:\\[\\]-]+)?")) {
                throw new IllegalArgumentException("'" + source + "' is not a frame-ancestors source ('none', 'self', "
                        + "https://host, https://*.host)");
            }
        }
        return t;
    }

    /** -1 for off. */
    static int metricsPort(String v) {
        String t = v.trim().toLowerCase(Locale.ROOT);
        return t.equals("off") || t.equals("-1") ? -1 : intIn(t, 0, 65535);
    }

    static String databaseUrl(String v) {
        String t = v.trim();
        if (!t.isEmpty() && !t.startsWith("jdbc:postgresql:") && !t.startsWith("jdbc:sqlite:")) {
            throw new IllegalArgumentException("expected a jdbc:postgresql: or jdbc:sqlite: URL, got '" + v + "'");
        }
        return t;
    }

    static String publicUrl(String v) {
        String t = v.trim();
        if (t.isEmpty()) {
            return t;
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(t);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: '" + v + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
                || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("expected http(s)://host[:port] with no path, got '" + v + "'");
        }
        return t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
    }

    /** RFC 8292: a mailto: address or an https URL; empty for the default. */
    static String vapidSubject(String v) {
        String t = v.trim();
        if (!t.isEmpty() && !t.matches("mailto:[^\\s@]+@[^\\s@]+|https://[^\\s]+")) {
            throw new IllegalArgumentException("expected mailto:someone@example.com or an https:// URL, got '" + v + "'");
        }
        return t;
    }

    static List<String> commaList(String v) {
        return java.util.Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    static <T> Optional<T> optional(String v, java.util.function.Function<String, T> parser) {
        return v.isBlank() ? Optional.empty() : Optional.of(parser.apply(v));
    }
}
