package dev.parley.media;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A file's name made to agree with the type its bytes are. A member downloads "invoice.html" that
 * is really plain text and their computer opens it as a web page, from disk, where no CSP or
 * sandbox of ours applies; "setup.bat" the same as a script. So an extension that is not one of
 * the stored type's gets that type's own added after it ("invoice.html.txt"): the name still says
 * what the sender called it, and the last extension, the one a computer goes by, tells the truth.
 */
final class FileNames {
    private FileNames() {}

    /** The most characters (code points) a file's name may have. */
    static final int MAX_CHARS = 255;
    private static final Pattern TRAILING_DOTS = Pattern.compile("[.\\s]+$");

    /** Each stored type's extensions, the one added first. */
    private static final Map<String, List<String>> EXTENSIONS = Map.ofEntries(
            Map.entry("image/jpeg", List.of("jpg", "jpeg", "jpe", "jfif")),
            Map.entry("image/png", List.of("png")),
            Map.entry("image/webp", List.of("webp")),
            Map.entry("image/gif", List.of("gif")),
            Map.entry("application/pdf", List.of("pdf")),
            Map.entry("text/plain", List.of("txt", "text", "log", "md", "csv")),
            Map.entry("audio/webm", List.of("webm", "weba")),
            Map.entry("video/webm", List.of("webm")),
            Map.entry("audio/ogg", List.of("ogg", "oga", "opus")),
            Map.entry("audio/mp4", List.of("m4a", "mp4", "aac")),
            Map.entry("audio/mpeg", List.of("mp3", "mpga")),
            Map.entry("audio/wav", List.of("wav", "wave")),
            Map.entry("video/mp4", List.of("mp4", "m4v")));

    /**
     * The name with the type's extension added when its own is not one of the type's.
     *
     * @param name a {@link Uploads#validName valid} name, at most {@value #MAX_CHARS} characters
     * @param type a stored type
     */
    static String forType(String name, String type) {
        List<String> known = EXTENSIONS.get(type);
        if (known == null) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).strip().toLowerCase(Locale.ROOT);
        if (known.contains(ext)) {
            return name;
        }
        String added = "." + known.get(0);
        int room = MAX_CHARS - added.length();
        String base = name.codePointCount(0, name.length()) <= room
                ? name : name.substring(0, name.offsetByCodePoints(0, room));
        // "notes." or a cut that ends on a dot would read "notes..txt"
        return TRAILING_DOTS.matcher(base).replaceAll("") + added;
    }
}
