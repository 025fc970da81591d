package dev.parley.filters;

import java.time.Instant;
import java.util.List;

/**
 * One node filter: what it matches ({@code kind}: a word or phrase, a regular expression, a link
 * domain with its subdomains, or an e-mail pattern with {@code *}) and what a match does
 * ({@code action}: flag for review, block the send, or shadow it to its sender only).
 */
public record FilterEntry(String id, String kind, String pattern, String action, String createdBy, Instant createdAt) {
    public static final String WORD = "word";
    public static final String REGEX = "regex";
    public static final String DOMAIN = "domain";
    public static final String EMAIL = "email";
    public static final List<String> KINDS = List.of(WORD, REGEX, DOMAIN, EMAIL);

    public static final String FLAG = "flag";
    public static final String BLOCK = "block";
    public static final String SHADOW = "shadow";
    public static final List<String> ACTIONS = List.of(FLAG, BLOCK, SHADOW);
}
