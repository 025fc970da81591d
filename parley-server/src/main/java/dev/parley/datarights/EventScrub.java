package dev.parley.datarights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.account.Account;
import java.util.List;

/**
 * What an erasure takes out of a stored event's JSON (anyone's sync event, or an app's feed item),
 * wherever in it the account appears. Each function answers whether it changed anything, and
 * changes nothing a second time, so a batch done again after a crash writes nothing new.
 */
final class EventScrub {
    /** What an erased account's profile fields read in stored events (as on the account itself). */
    private static final List<String> PERSONAL = List.of("preferred_name", "first_name", "avatar_url", "bio");

    private EventScrub() {}

    /**
     * The handle an erased account shows in stored events: the form {@code ErasureStore}'s
     * FREE_HANDLE gives it once its handle is let go, which no sign-up can choose ('~').
     */
    static String erasedHandle(String accountId) {
        return "~" + accountId;
    }

    /**
     * Empties, anywhere in an app's event, the text of each message the user sent. Emptied, not
     * removed: an app that opted in to text reads every message it is told of with a {@code text},
     * and a gone message is told with an empty one (its replay adds {@code deleted}).
     */
    static boolean stripApp(JsonNode node, String externalId) {
        boolean changed = false;
        if (node.isObject() && externalId.equals(node.path("sender").asText(null)) && node.has("text")
                && !node.path("text").asText("").isEmpty()) {
            ((ObjectNode) node).put("text", "");
            changed = true;
        }
        for (JsonNode child : node) {
            changed |= stripApp(child, externalId);
        }
        return changed;
    }

    /**
     * Blanks, anywhere in an event's JSON, each message the account sent, each note it wrote and
     * the fallback text of each group line about it; and where the account is drawn (a member, a
     * customer, the agent of a business's message) its name and handle become those of a deleted
     * account. True if any changed.
     */
    static boolean strip(JsonNode node, String senderId) {
        boolean changed = false;
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            if (senderId.equals(o.path("author_id").asText(null)) && o.has("text")
                    && !o.path("text").asText("").isEmpty()) {
                o.put("text", "");
                changed = true;
            }
            if (senderId.equals(o.path("system").path("target").asText(null)) && !o.path("text").asText("").isEmpty()) {
                o.put("text", ""); // a group's line about the account: its name goes with it
                changed = true;
            }
            if (senderId.equals(o.path("sender_id").asText(null)) && o.has("text")
                    && (!o.path("text").asText("").isEmpty() || !o.path("deleted").asBoolean(false))) {
                o.put("text", "");
                o.put("deleted", true);
                if (o.has("reactions")) {
                    o.putObject("reactions");
                }
                changed = true;
            }
            changed |= unname(o, senderId);
        }
        for (JsonNode child : node) {
            changed |= strip(child, senderId);
        }
        return changed;
    }

    /** The account drawn in this object (by {@code id} or {@code account_id}) reads "Deleted account". */
    private static boolean unname(ObjectNode o, String accountId) {
        boolean changed = false;
        if (accountId.equals(o.path("id").asText(null)) || accountId.equals(o.path("account_id").asText(null))) {
            changed |= replace(o, "display_name", Account.ERASED_NAME);
            changed |= replace(o, "handle", erasedHandle(accountId));
            for (String field : PERSONAL) {
                if (o.hasNonNull(field)) {
                    o.putNull(field);
                    changed = true;
                }
            }
        }
        if (accountId.equals(o.path("agent_id").asText(null))) {
            changed |= replace(o, "agent_name", Account.ERASED_NAME);
        }
        return changed;
    }

    private static boolean replace(ObjectNode o, String field, String value) {
        if (!o.has(field) || value.equals(o.path(field).asText(null))) {
            return false;
        }
        o.put(field, value);
        return true;
    }
}
