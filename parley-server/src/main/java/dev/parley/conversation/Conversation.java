package dev.parley.conversation;

import java.time.Instant;

/** A 1:1 ({@code direct}) or {@code group} conversation; {@code lastSeq} is its newest message. */
public record Conversation(String id, String kind, String title, String createdBy, Instant createdAt,
                           Instant updatedAt, long lastSeq) {
    public static final String DIRECT = "direct";
    public static final String GROUP = "group";

    public boolean isDirect() {
        return DIRECT.equals(kind);
    }

    /** The one key a pair's direct conversation is found by, whoever opened it. */
    public static String directKey(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }
}
