package dev.parley.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A query string built from optional parameters: nulls are left out, values are percent-encoded. */
final class Query {
    private final StringBuilder b = new StringBuilder();

    static Query of() {
        return new Query();
    }

    Query add(String name, Object value) {
        if (value != null) {
            b.append(b.length() == 0 ? '?' : '&').append(name).append('=')
                    .append(URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
        }
        return this;
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
