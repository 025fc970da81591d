package dev.parley.conversation;

import dev.parley.account.Account;
import dev.parley.http.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One line of a group's life as Messenger shows them: created, renamed, added, removed, left, and
 * admins made and unmade, and a new admin when the last one left.
 * Clients word it themselves from {@link #body()} ("You added Bob", "Ann added you"); {@link
 * #text()} is the plain fallback in the actor's and target's names of the moment.
 *
 * @param actorId  who did it (the sender of the line)
 * @param targetId who was added or removed, else null
 * @param title    the group's name after a rename, or at creation; else null
 */
public record SystemLine(String conversationId, String event, String actorId, String targetId, String title,
                         String text, Instant at) {
    public static final String CREATED = "created";
    public static final String RENAMED = "renamed";
    public static final String MEMBER_ADDED = "member_added";
    public static final String MEMBER_REMOVED = "member_removed";
    public static final String MEMBER_LEFT = "member_left";
    public static final String MADE_ADMIN = "made_admin";
    public static final String ADMIN_ADDED = "admin_added";
    public static final String ADMIN_REMOVED = "admin_removed";

    /** The machine-readable body, stored with the message and sent as its {@code system}. */
    public String body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event);
        body.put("actor", actorId);
        if (targetId != null) {
            body.put("target", targetId);
        }
        if (title != null) {
            body.put("title", title);
        }
        return Json.write(body);
    }

    static SystemLine created(String conversationId, Account actor, String title, Instant at) {
        return line(conversationId, CREATED, actor, null, title, at);
    }

    static SystemLine renamed(String conversationId, Account actor, String title, Instant at) {
        return line(conversationId, RENAMED, actor, null, title, at);
    }

    static SystemLine added(String conversationId, Account actor, Account target, Instant at) {
        return line(conversationId, MEMBER_ADDED, actor, target, null, at);
    }

    /** Removed by an admin, or left (the actor removed themself). */
    static SystemLine removed(String conversationId, Account actor, Account target, Instant at) {
        boolean left = target == null || actor.id().equals(target.id());
        return line(conversationId, left ? MEMBER_LEFT : MEMBER_REMOVED, actor, left ? actor : target, null, at);
    }

    /** The last admin left (the actor) and the target is the group's admin now. */
    static SystemLine madeAdmin(String conversationId, Account actor, Account target, Instant at) {
        return line(conversationId, MADE_ADMIN, actor, target, null, at);
    }

    /** An admin made the target admin, or a member again (the target is the actor when they stepped down). */
    static SystemLine roleChanged(String conversationId, Account actor, Account target, String role, Instant at) {
        return line(conversationId, Member.ADMIN.equals(role) ? ADMIN_ADDED : ADMIN_REMOVED, actor, target, null, at);
    }

    private static SystemLine line(String conversationId, String event, Account actor, Account target, String title,
                                   Instant at) {
        String targetId = target == null ? null : target.id();
        return new SystemLine(conversationId, event, actor.id(), targetId, title,
                text(event, name(actor), name(target), title, actor.id().equals(targetId)), at);
    }

    /** The plain fallback, in the names given for the actor and the target. */
    private static String text(String event, String actor, String target, String title, boolean self) {
        return switch (event) {
            case CREATED -> actor + " created the group" + (title == null ? "" : " " + title);
            case RENAMED -> actor + " named the group " + title;
            case MEMBER_ADDED -> actor + " added " + target;
            case MEMBER_LEFT -> actor + " left";
            case MEMBER_REMOVED -> actor + " removed " + target;
            case MADE_ADMIN -> target + " is now an admin";
            case ADMIN_ADDED -> actor + " made " + target + " an admin";
            default -> self ? actor + " stepped down as admin" : actor + " removed " + target + " as admin";
        };
    }

    /**
     * A stored line's fallback text for a viewer whom its actor or target blocked, or null when
     * neither did (the stored text stands). The one who blocked reads {@value ConversationView#BLOCKED_NAME},
     * as in the conversation views, so a name chosen after the block does not reach the one blocked
     * through a line ("Parley user named the group …"); the other party by their current name,
     * which the viewer sees in the member list anyway.
     *
     * @param body       the line's {@link #body()}
     * @param blockedViewer whether this account blocked the viewer
     * @param account    an account by id (empty once erased)
     */
    public static String wordedFor(String body, Predicate<String> blockedViewer,
                                   Function<String, Optional<Account>> account) {
        JsonNode b = Json.read(body);
        String actor = b.path("actor").asText(null);
        String target = b.path("target").asText(null);
        boolean actorBlocked = actor != null && blockedViewer.test(actor);
        boolean targetBlocked = target != null && !target.equals(actor) && blockedViewer.test(target);
        if (!actorBlocked && !targetBlocked) {
            return null;
        }
        Function<String, String> named = id -> id == null ? null : blockedViewer.test(id)
                ? ConversationView.BLOCKED_NAME : name(account.apply(id).orElse(null));
        return text(b.path("event").asText(""), named.apply(actor), named.apply(target),
                b.path("title").asText(null), actor != null && actor.equals(target));
    }

    private static String name(Account a) {
        if (a == null) {
            return "Someone"; // an account erased since
        }
        return a.displayName() == null || a.displayName().isBlank() ? "@" + a.handle() : a.displayName();
    }
}
