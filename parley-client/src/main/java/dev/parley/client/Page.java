package dev.parley.client;

import java.util.List;
import java.util.Optional;

/**
 * One page of a list. Pass {@link #nextCursor()} back to get the next page.
 *
 * @param nextCursor null on the last page
 */
public record Page<T>(List<T> items, String nextCursor) {
    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }
}
