package dev.parley.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What text the API accepts, checked once for every request rather than field by field: the body
 * must be valid UTF-8 (400), and no string in it, key or value, nor any path or query parameter,
 * may hold a lone surrogate or a C0 control character other than tab and line feed (422).
 *
 * <p>Why centrally: PostgreSQL refuses U+0000 in text (a 500 deep in a store), SQLite stored it,
 * and a decoder that replaces bad bytes with U+FFFD or {@code ?} silently changes what was sent.
 * One check on the parsed JSON covers every field there is and every field added later.
 * Carriage return is allowed only as part of CRLF in fields that hold multi-line text
 * ({@link #MULTILINE}: message text, notes, saved replies), where pasted Windows text brings it.
 */
public final class InputText {
    /** Field names whose values are multi-line text, where CRLF line ends are kept. */
    static final Set<String> MULTILINE = Set.of("text");

    private InputText() {}

    /** The body as text, or 400 when it is not valid UTF-8. */
    public static String decodeBody(byte[] raw) {
        try {
            return strictUtf8(raw);
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("The body is not valid UTF-8.");
        }
    }

    /** @throws ApiException 422 naming the first field that holds a character the API refuses */
    public static void check(JsonNode node) {
        check(node, "", false);
    }

    private static void check(JsonNode node, String path, boolean multiline) {
        if (node.isTextual()) {
            refusal(node.textValue(), multiline).ifPresent(why -> {
                throw ApiException.validation("Field '" + path + "' " + why + ".");
            });
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                refusal(e.getKey(), false).ifPresent(why -> {
                    throw ApiException.validation("A field name " + why + ".");
                });
                check(e.getValue(), name, MULTILINE.contains(e.getKey()));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), path + "[" + i + "]", multiline);
            }
        }
    }

    /**
     * Checks a raw (still %-encoded) path or query string: 400 when its bytes are not UTF-8 or a '%'
     * starts no escape, 422 when it holds a character a body may not. A broken escape is refused
     * here because the framework's query parsing drops a parameter it cannot decode: "cursor=%%%"
     * answered the first page as if no cursor had been given.
     */
    public static void checkUriPart(String raw, String what) {
        if (raw == null || raw.indexOf('%') < 0 && raw.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return; // the common case: plain ASCII with nothing encoded
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 2;
            } else if (c == '%') {
                throw ApiException.badRequest("The " + what + " has a '%' that starts no %XX escape (write % itself"
                        + " as %25).");
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        String decoded;
        try {
            decoded = strictUtf8(bytes.toByteArray());
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("The " + what + " is not valid UTF-8 once decoded.");
        }
        refusal(decoded, false).ifPresent(why -> {
            throw ApiException.validation("The " + what + " " + why + ".");
        });
    }

    /** Why a string is refused, or empty when it is acceptable. */
    static Optional<String> refusal(String s, boolean multiline) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("holds a lone surrogate (\\u" + String.format("%04x", (int) c)
                        + "): not a character; send text as valid UTF-16 pairs");
            } else if (c < 0x20 && c != '\t' && c != '\n'
                    && !(multiline && c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n')) {
                return Optional.of("holds the control character U+" + String.format("%04X", (int) c)
                        + (multiline ? " (only tab, line feed and CRLF are allowed)" : " (only tab and line feed are allowed)"));
            } else if (c >= 0x80 && c <= 0x9f || c == '\u2028' || c == '\u2029') {
                // C1 controls (NEL among them) and Unicode's line and paragraph separators: line breaks
                // some clients draw and others do not, so the same text would read differently.
                return Optional.of("holds the control character U+" + String.format("%04X", (int) c)
                        + " (send a line break as line feed)");
            }
        }
        return Optional.empty();
    }

    private static String strictUtf8(byte[] raw) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(raw)).toString();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
