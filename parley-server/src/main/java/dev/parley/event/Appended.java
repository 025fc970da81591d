package dev.parley.event;

import java.time.Instant;
import java.util.List;

/**
 * One {@code append} of a transaction: a fact told to several accounts at once (each got its own
 * numbered {@link Event}). {@code lastData} is the JSON the last of them got; {@code source} is the
 * object it was written from when the writer gave it (else null), so a {@link BeforeCommit} hook
 * can read the fact without parsing JSON on the committing thread.
 */
public record Appended(String type, String conversationId, Long seq, Instant at, List<String> accountIds,
                       String lastData, Object source) {}
