package dev.parley.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks a JSON value against a schema of the OpenAPI document, the subset Parley's document uses:
 * {@code $ref}, {@code allOf}/{@code anyOf}/{@code oneOf}, {@code nullable}, types, enums,
 * {@code required}, {@code properties}, {@code additionalProperties}, {@code items}, date-times and
 * string lengths.
 *
 * @implNote Strict about undocumented fields: an object schema with {@code properties} and no
 * {@code additionalProperties} refuses any other field, so a field the server starts sending
 * without documenting it fails the contract test, just as a documented field it stops sending does.
 */
@SuppressWarnings("rawtypes") // swagger-models hands out raw Schema maps and lists
final class SchemaCheck {
    private static final String PREFIX = "#/components/schemas/";
    private final OpenAPI doc;

    SchemaCheck(OpenAPI doc) {
        this.doc = doc;
    }

    /** Every way {@code value} breaks {@code schema}, each with its JSON pointer; empty when it conforms. */
    List<String> problems(Schema<?> schema, JsonNode value) {
        List<String> out = new ArrayList<>();
        check(schema, value, "", out);
        return out;
    }

    Schema<?> named(String name) {
        Schema<?> s = doc.getComponents().getSchemas().get(name);
        if (s == null) {
            throw new IllegalArgumentException("no schema " + name + " in the document");
        }
        return s;
    }

    private Schema<?> resolve(Schema<?> s) {
        Schema<?> at = s;
        for (int hops = 0; at.get$ref() != null; hops++) {
            if (hops > 20) {
                throw new IllegalStateException("$ref loop at " + s.get$ref());
            }
            at = named(at.get$ref().substring(PREFIX.length()));
        }
        return at;
    }

    private void check(Schema<?> raw, JsonNode v, String at, List<String> out) {
        Schema<?> s = resolve(raw);
        if (v.isNull()) {
            if (!Boolean.TRUE.equals(s.getNullable())) {
                out.add(at + ": null where the document does not allow it");
            }
            return;
        }
        if (s.getAllOf() != null) {
            s.getAllOf().forEach(part -> check(part, v, at, out));
        }
        if (s.getAnyOf() != null && matching(s.getAnyOf(), v) == 0) {
            out.add(at + ": matches none of anyOf " + names(s.getAnyOf()) + firstProblems(s.getAnyOf(), v));
        }
        if (s.getOneOf() != null && matching(s.getOneOf(), v) != 1) {
            out.add(at + ": must match exactly one of oneOf " + names(s.getOneOf()) + ", matches "
                    + matching(s.getOneOf(), v) + firstProblems(s.getOneOf(), v));
        }
        String type = s.getType();
        if (type == null) {
            return;
        }
        if (!hasType(type, v)) {
            out.add(at + ": expected " + type + " but got " + v.getNodeType() + " " + v);
            return;
        }
        if (s.getEnum() != null && !s.getEnum().isEmpty()
                && s.getEnum().stream().map(String::valueOf).noneMatch(e -> e.equals(v.asText()))) {
            out.add(at + ": '" + v.asText() + "' is not one of " + s.getEnum());
        }
        switch (type) {
            case "string" -> checkString(s, v.asText(), at, out);
            case "array" -> {
                for (int i = 0; i < v.size(); i++) {
                    check(s.getItems(), v.get(i), at + "/" + i, out);
                }
            }
            case "object" -> checkObject(s, v, at, out);
            default -> { }
        }
    }

    private static boolean hasType(String type, JsonNode v) {
        return switch (type) {
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "array" -> v.isArray();
            case "object" -> v.isObject();
            default -> false;
        };
    }

    private static void checkString(Schema<?> s, String text, String at, List<String> out) {
        int n = text.codePointCount(0, text.length());
        if (s.getMinLength() != null && n < s.getMinLength() || s.getMaxLength() != null && n > s.getMaxLength()) {
            out.add(at + ": length " + n + " outside " + s.getMinLength() + ".." + s.getMaxLength());
        }
        if ("date-time".equals(s.getFormat())) {
            try {
                OffsetDateTime.parse(text);
            } catch (DateTimeParseException e) {
                out.add(at + ": '" + text + "' is not an RFC 3339 date-time");
            }
        }
    }

    private void checkObject(Schema<?> s, JsonNode v, String at, List<String> out) {
        Map<String, Schema> props = s.getProperties() == null ? Map.of() : s.getProperties();
        if (s.getRequired() != null) {
            for (String name : s.getRequired()) {
                if (!v.has(name)) {
                    out.add(at + ": required property '" + name + "' is missing");
                }
            }
        }
        Object extra = s.getAdditionalProperties();
        for (Map.Entry<String, JsonNode> f : v.properties()) {
            String path = at + "/" + f.getKey();
            Schema<?> p = props.get(f.getKey());
            if (p != null) {
                check(p, f.getValue(), path, out);
            } else if (extra instanceof Schema<?> valueSchema) {
                check(valueSchema, f.getValue(), path, out);
            } else if (!Boolean.TRUE.equals(extra) && !props.isEmpty()) {
                out.add(path + ": property the document does not describe");
            }
        }
    }

    private int matching(List<Schema> options, JsonNode v) {
        int n = 0;
        for (Schema<?> o : options) {
            List<String> p = new ArrayList<>();
            check(o, v, "", p);
            if (p.isEmpty()) {
                n++;
            }
        }
        return n;
    }

    private String firstProblems(List<Schema> options, JsonNode v) {
        StringBuilder b = new StringBuilder();
        for (Schema<?> o : options) {
            List<String> p = new ArrayList<>();
            check(o, v, "", p);
            b.append("\n    ").append(Objects.requireNonNullElse(o.get$ref(), "inline")).append(": ")
                    .append(p.isEmpty() ? "ok" : p.get(0));
        }
        return b.toString();
    }

    private static List<String> names(List<Schema> options) {
        return options.stream().map(o -> o.get$ref() == null ? "inline" : o.get$ref().substring(PREFIX.length())).toList();
    }
}
