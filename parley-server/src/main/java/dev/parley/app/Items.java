package dev.parley.app;

import dev.parley.http.ApiException;
import java.util.HashMap;
import java.util.Map;

/** Problems about one item of a batch: the same problem, naming the item's index. */
final class Items {
    private Items() {}

    static ApiException at(String field, int index, ApiException e) {
        Map<String, Object> extra = new HashMap<>(e.extra());
        extra.put("index", index);
        return new ApiException(e.status(), e.code(), e.title(), field + "[" + index + "]: " + e.detail(), extra);
    }
}
