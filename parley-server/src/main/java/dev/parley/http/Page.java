package dev.parley.http;

import java.util.List;

/** A page of a list: {@code {items, next_cursor}}; next_cursor is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {}
