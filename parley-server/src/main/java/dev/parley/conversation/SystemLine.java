package dev.parley.conversation;

import dev.parley.account.Account;
import dev.parley.http.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

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
        return new SystemLine(conversationId, CREATED, actor.id(), null, title,
                name(actor) + " created the group" + (title == null ? "" : " " + title), at);
    }

    static SystemLine renamed(String conversationId, Account actor, String title, Instant at) {
        return new SystemLine(conversationId, RENAMED, actor.id(), null, title,
                name(actor) + " named the group " + title, at);
    }

    static SystemLine added(String conversationId, Account actor, Account target, Instant at) {
        return new SystemLine(conversationId, MEMBER_ADDED, actor.id(), target.id(), null,
                name(actor) + " added " + name(target), at);
    }

    /** Removed by an admin, or left (the actor removed themself). */
    static SystemLine removed(String conversationId, Account actor, Account target, Instant at) {
        boolean left = target == null || actor.id().equals(target.id());
        return new SystemLine(conversationId, left ? MEMBER_LEFT : MEMBER_REMOVED, actor.id(),
                target == null ? actor.id() : target.id(), null,
                left ? name(actor) + " left" : name(actor) + " removed " + name(target), at);
    }

    /** The last admin left (the actor) and the target is the group's admin now. */
    static SystemLine madeAdmin(String conversationId, Account actor, Account target, Instant at) {
        return new SystemLine(conversationId, MADE_ADMIN, actor.id(), target.id(), null, name(target) + " is now an admin", at);
    }

    /** An admin made the target admin, or a member again (the target is the actor when they stepped down). */
    static SystemLine roleChanged(String conversationId, Account actor, Account target, String role, Instant at) {
        boolean made = Member.ADMIN.equals(role);
        String text = made ? name(actor) + " made " + name(target) + " an admin"
                : actor.id().equals(target.id()) ? name(actor) + " stepped down as admin"
                : name(actor) + " removed " + name(target) + " as admin";
        return new SystemLine(conversationId, made ? ADMIN_ADDED : ADMIN_REMOVED, actor.id(), target.id(), null, text, at);
    }

    private static String name(Account a) {
        if (a == null) {
            return "Someone"; // an account erased since
        }
        return a.displayName() == null || a.displayName().isBlank() ? "@" + a.handle() : a.displayName();
    }
}
