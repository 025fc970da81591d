package dev.parley.account;

import java.time.Instant;
import java.util.List;

/** What clients see of accounts. */
public final class Views {
    private Views() {}

    public record Settings(String dmPolicy, boolean readReceipts, List<String> hiddenWords) {}

    /** The caller's own account. */
    public record Me(String id, String handle, String displayName, String preferredName, String kind,
                     boolean verified, boolean admin, Instant createdAt, Settings settings) {
        static Me of(Account a) {
            return new Me(a.id(), a.handle(), a.displayName(), a.preferredName().orElse(null), a.kind(),
                    a.verified(), a.admin(), a.createdAt(),
                    new Settings(a.dmPolicy(), a.readReceipts(), a.hiddenWords()));
        }
    }

    /** Another account as the caller sees it. */
    public record Profile(String id, String handle, String displayName, String kind, boolean verified,
                          long followersCount, boolean youFollow, boolean followsYou, boolean youLike,
                          boolean youBlock) {}

    /** A member of a conversation in lists: enough to draw a name. */
    public record Brief(String id, String handle, String displayName, String kind, boolean verified) {
        public static Brief of(Account a) {
            return new Brief(a.id(), a.handle(), a.displayName(), a.kind(), a.verified());
        }
    }

    public record SignedIn(Me account, String token) {}

    /** The caller's own account with its bio and avatar (GET and PATCH /me). */
    public record MeCard(@com.fasterxml.jackson.annotation.JsonUnwrapped Me me, String bio, String avatarUrl) {}

    /** Another account's profile with its bio and avatar; {@code avatarUrl} null: draw initials. */
    public record ProfileCard(@com.fasterxml.jackson.annotation.JsonUnwrapped Profile profile, String bio,
                              String avatarUrl) {}
}
