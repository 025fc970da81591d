package dev.parley.datarights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conversation.ConversationStore;
import dev.parley.conversation.Member;
import dev.parley.event.EventTypes;
import dev.parley.event.Transactions;
import dev.parley.http.Json;
import dev.parley.message.Message;
import dev.parley.message.MessageStore;
import dev.parley.message.MessageViews;
import dev.parley.message.ReactionNews;
import dev.parley.message.ShadowedMessages;
import dev.parley.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;

/**
 * The work of one erasure, one small batch per call, each in its own transaction that also records
 * the job's progress (so a restart resumes after the last committed batch, never redoing or
 * skipping one). The steps, in order:
 * <ol>
 *   <li>{@code messages}: each message the account sent is unsent for everyone (its text gone,
 *       a tombstone in its place, search no longer finds it) and its members get {@code message.deleted};</li>
 *   <li>{@code reactions}: its reactions on others' messages are taken back, and those who see each
 *       message hear {@code reaction.changed} with the new count (as when a person takes one back);</li>
 *   <li>{@code events}: every stored sync event (anyone's) is scanned once, in key order, and any copy
 *       of the account's messages in it loses its text, so a sync from 0 cannot bring it back, and wherever
 *       the account is drawn its name and handle read as a deleted account's ({@link EventScrub});</li>
 *   <li>{@code app_events}: for an app's user, the app's own feed likewise (where the app opted in to text);</li>
 *   <li>{@code notes}: the internal notes it wrote as a business's agent, and a business's notes on
 *       its conversations as a customer (their copies in the business's events were blanked by the scan);</li>
 *   <li>{@code graph}: follows, likes and blocks, both ways, and its places as an agent;</li>
 *   <li>{@code memberships}: its places in conversations (its groups' members told, and a group it was
 *       the last admin of given an heir);</li>
 *   <li>{@code own_events}: its own event log.</li>
 * </ol>
 */
final class ErasureSteps {
    static final String MESSAGES = "messages";
    static final String REACTIONS = "reactions";
    static final String EVENTS = "events";
    static final String APP_EVENTS = "app_events";
    static final String NOTES = "notes";
    static final String GRAPH = "graph";
    static final String MEMBERSHIPS = "memberships";
    static final String OWN_EVENTS = "own_events";
    static final String DONE = "done";

    private static final int EVENT_SCAN = 2_000;
    private static final int DELETE_BATCH = 500;

    private static final String SCAN_EVENTS = "SELECT account_id, token, type, conversation_id, data FROM events "
            + "WHERE (account_id, token) > (?, ?) ORDER BY account_id, token LIMIT ?"; // a row value: an index range on both
    private static final String SCAN_APP_EVENTS = "SELECT id, body FROM app_events WHERE app_id = ? AND id > ? "
            + "ORDER BY id LIMIT ?";
    private static final String SET_APP_EVENT_BODY = "UPDATE app_events SET body = ? WHERE app_id = ? AND id = ?";
    private static final String SET_EVENT_DATA = "UPDATE events SET data = ? WHERE account_id = ? AND token = ?";
    /**
     * Notes it wrote as an agent, and a business's notes on its conversations as a customer (its
     * memberships go only after this step).
     */
    private static final String DELETE_NOTES = "DELETE FROM inbox_notes WHERE id IN "
            + "(SELECT id FROM inbox_notes WHERE author_id = ? OR conversation_id IN "
            + "(SELECT conversation_id FROM conversation_members WHERE account_id = ?) LIMIT " + DELETE_BATCH + ")";
    private static final String AS_CUSTOMER = "SELECT conversation_id FROM conversation_members WHERE account_id = ?";
    private static final String BLOCKED_BY_OR_OF = "SELECT blocker_id FROM blocks WHERE blocked_id = ? "
            + "UNION SELECT blocked_id FROM blocks WHERE blocker_id = ?";
    private static final String BLANK_LINES_ABOUT = "UPDATE messages SET text = '' "
            + "WHERE author_kind = 'system' AND system_event LIKE ? ESCAPE '\\' AND text <> ''";

    private static String likeEscaped(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static final List<String> GRAPH_DELETES = List.of(
            "DELETE FROM follows WHERE follower_id = ? OR followee_id = ?",
            "DELETE FROM likes WHERE account_id = ? OR business_id = ?",
            "DELETE FROM blocks WHERE blocker_id = ? OR blocked_id = ?");
    private static final String DELETE_AGENT_PLACES = "DELETE FROM business_agents WHERE account_id = ?";
    private static final String PLACES = "SELECT conversation_id FROM conversation_members WHERE account_id = ? "
            + "ORDER BY conversation_id LIMIT " + DELETE_BATCH;
    private static final String DELETE_OWN_EVENTS = "DELETE FROM events WHERE account_id = ? AND token IN "
            + "(SELECT token FROM events WHERE account_id = ? LIMIT " + DELETE_BATCH + ")";

    /** What one batch did: the step to continue with, the events cursor, and counts. */
    record Progress(String step, String cursorAccount, long cursorToken, long messages, long events) {}

    private final Database db;
    private final Transactions tx;
    private final MessageStore messages;
    private final MessageViews views;
    private final ConversationStore conversations;
    private final Consumer<List<String>> blocksChanged;
    private final Clock clock;
    private final int messageBatch;
    private final ShadowedMessages shadowed = new ShadowedMessages();

    ErasureSteps(Database db, Transactions tx, MessageStore messages, MessageViews views,
                 ConversationStore conversations, Consumer<List<String>> blocksChanged, Clock clock, int messageBatch) {
        this.messageBatch = messageBatch;
        this.db = db;
        this.tx = tx;
        this.messages = messages;
        this.views = views;
        this.conversations = conversations;
        this.blocksChanged = blocksChanged;
        this.clock = clock;
    }

    /**
     * Does the job's next batch and records it with {@code record} in the same transaction; the
     * events scan reads on a reader first and writes only the events it changed.
     */
    Progress next(ErasureJob j, Recorder record) {
        return switch (j.step()) {
            case MESSAGES -> tx.run(t -> record.in(t.handle(), unsendBatch(t, j)));
            case REACTIONS -> tx.run(t -> record.in(t.handle(), unreactBatch(t, j)));
            case EVENTS -> stripBatch(j, record);
            case APP_EVENTS -> stripAppBatch(j, record);
            case NOTES -> write(j, record, h -> h.execute(DELETE_NOTES, j.accountId(), j.accountId()) < DELETE_BATCH ? GRAPH : NOTES);
            case GRAPH -> graph(j, record);
            case MEMBERSHIPS -> tx.run(t -> record.in(t.handle(), leaveBatch(t, j)));
            case OWN_EVENTS -> write(j, record, h ->
                    h.execute(DELETE_OWN_EVENTS, j.accountId(), j.accountId()) < DELETE_BATCH ? DONE : OWN_EVENTS);
            default -> new Progress(DONE, j.cursorAccount(), j.cursorToken(), 0, 0);
        };
    }

    /** Writes a batch's progress in the batch's own transaction. */
    interface Recorder {
        Progress in(Handle h, Progress p);
    }

    private interface Step {
        String apply(Handle h);
    }

    private Progress write(ErasureJob j, Recorder record, Step step) {
        return db.write(x ->
                record.in(x, new Progress(step.apply(x), j.cursorAccount(), j.cursorToken(), 0, 0)));
    }

    private Progress unsendBatch(Transactions.Tx t, ErasureJob j) {
        Handle h = t.handle();
        List<Message> batch = messages.undeletedSentBy(h, j.accountId(), messageBatch);
        Instant now = clock.instant();
        Map<String, List<String>> membersOf = new HashMap<>();
        for (Message m : batch) {
            messages.unsend(h, m.conversationId(), m.seq());
            Message gone = messages.get(h, m.conversationId(), m.seq()).orElseThrow();
            List<String> members = membersOf.computeIfAbsent(m.conversationId(), c -> conversations.members(h, c)
                    .stream().filter(Member::sees).map(Member::accountId).toList());
            t.append(members, EventTypes.MESSAGE_DELETED, m.conversationId(), m.seq(), now,
                    v -> Json.write(Map.of("message", views.render(h, gone, v))));
        }
        if (batch.size() < messageBatch) {
            // Lines about the account in others' groups ("Ann added Bob") keep its old name in their
            // plain text: blanked here, and their copies in sync events by strip (clients word a
            // line from its system body, where only the account's id stands).
            h.execute(BLANK_LINES_ABOUT, "%\"target\":\"" + likeEscaped(j.accountId()) + "\"%");
        }
        String next = batch.size() < messageBatch ? REACTIONS : MESSAGES;
        return new Progress(next, "", 0, batch.size(), 0);
    }

    /** Takes back a batch of the account's reactions; each message's audience hears the new count. */
    private Progress unreactBatch(Transactions.Tx t, ErasureJob j) {
        Handle h = t.handle();
        Instant now = clock.instant();
        List<MessageStore.Reacted> batch = messages.reactionsBy(h, j.accountId(), DELETE_BATCH);
        for (MessageStore.Reacted r : batch) {
            messages.removeReaction(h, r.conversationId(), r.seq(), j.accountId(), r.emoji());
            Message m = messages.get(h, r.conversationId(), r.seq()).orElse(null);
            if (m == null) {
                continue;
            }
            ReactionNews.tell(t, messages, ReactionNews.audience(h, conversations, shadowed, m, j.accountId()), m,
                    j.accountId(), r.emoji(), false, now);
        }
        return new Progress(batch.size() < DELETE_BATCH ? EVENTS : REACTIONS, "", 0, 0, 0);
    }

    /**
     * Takes the account out of a batch of its conversations. Its groups' members hear that it left
     * ({@code member.removed}), so their member lists drop it at once, and a group whose last admin
     * it was gets the member there longest as admin ({@link Member#heir}, as when an admin leaves),
     * with {@code conversation.updated}; no line, since a line would name the account. A direct
     * conversation's other member hears nothing: it stays in their list with "Someone".
     */
    private Progress leaveBatch(Transactions.Tx t, ErasureJob j) {
        Handle h = t.handle();
        Instant now = clock.instant();
        List<String> places = h.createQuery(PLACES).bind(0, j.accountId()).mapTo(String.class).list();
        for (String conversationId : places) {
            // Plain reads, not withMembers: that one fills the send path's cache, which the removal empties again.
            List<Member> members = conversations.members(h, conversationId);
            Member going = members.stream().filter(m -> m.accountId().equals(j.accountId())).findFirst().orElseThrow();
            conversations.removeMember(h, conversationId, j.accountId());
            if (conversations.byId(h, conversationId).orElseThrow().isDirect()) {
                continue;
            }
            List<String> staying = members.stream().filter(m -> m.sees() && !m.accountId().equals(j.accountId()))
                    .map(Member::accountId).toList();
            t.append(staying, EventTypes.MEMBER_REMOVED, conversationId, null, now,
                    v -> Json.write(Map.of("account_id", j.accountId(), "by", j.accountId())));
            Member heir = Member.heir(members, going);
            if (heir != null) {
                conversations.setRole(h, conversationId, heir.accountId(), Member.ADMIN);
                t.append(staying, EventTypes.CONVERSATION_UPDATED, conversationId, null, now,
                        v -> Json.write(Map.of("account_id", heir.accountId(), "role", Member.ADMIN, "by", j.accountId())));
            }
        }
        return new Progress(places.size() < DELETE_BATCH ? OWN_EVENTS : MEMBERSHIPS, j.cursorAccount(), j.cursorToken(), 0, 0);
    }

    private record Row(String accountId, long token, String data) {}

    private record Scanned(Row row, String type, String conversationId) {}

    private Progress stripBatch(ErasureJob j, Recorder record) {
        java.util.Set<String> asCustomer = new java.util.HashSet<>();
        List<Row> rows = new ArrayList<>();
        List<Scanned> scanned = db.read(h -> {
            asCustomer.addAll(h.createQuery(AS_CUSTOMER).bind(0, j.accountId()).mapTo(String.class).list());
            return h.createQuery(SCAN_EVENTS).bind(0, j.cursorAccount()).bind(1, j.cursorToken())
                    .bind(2, EVENT_SCAN)
                    .map((rs, c) -> new Scanned(new Row(rs.getString("account_id"), rs.getLong("token"),
                            rs.getString("data")), rs.getString("type"), rs.getString("conversation_id"))).list();
        });
        List<Row> changed = new ArrayList<>();
        for (Scanned sc : scanned) {
            Row r = sc.row();
            rows.add(r);
            boolean noteOnThem = EventTypes.NOTE_CREATED.equals(sc.type()) && asCustomer.contains(sc.conversationId());
            if (r.data().contains(j.accountId()) || noteOnThem) {
                JsonNode tree = Json.read(r.data());
                boolean stripped = EventScrub.strip(tree, j.accountId());
                if (noteOnThem && tree.path("note").isObject()) {
                    ((ObjectNode) tree.path("note")).put("text", "");
                    stripped = true;
                }
                if (stripped) {
                    changed.add(new Row(r.accountId(), r.token(), Json.write(tree)));
                }
            }
        }
        Row last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
        Progress p = last == null || rows.size() < EVENT_SCAN
                ? new Progress(APP_EVENTS, "", 0, 0, changed.size())
                : new Progress(EVENTS, last.accountId(), last.token(), 0, changed.size());
        return db.write(x -> {
            for (Row r : changed) {
                x.execute(SET_EVENT_DATA, r.data(), r.accountId(), r.token());
            }
            return record.in(x, p);
        });
    }

    /** An app's feed names its users by the app's ids: messages whose sender is the erased user lose their text. */
    private Progress stripAppBatch(ErasureJob j, Recorder record) {
        if (j.appId() == null || j.externalId() == null) {
            return db.write(x -> record.in(x, new Progress(NOTES, "", 0, 0, 0)));
        }
        List<Row> rows = db.read(h -> h.createQuery(SCAN_APP_EVENTS).bind(0, j.appId()).bind(1, j.cursorToken())
                .bind(2, EVENT_SCAN).map((rs, c) -> new Row(j.appId(), rs.getLong("id"), rs.getString("body"))).list());
        List<Row> changed = new ArrayList<>();
        for (Row r : rows) {
            if (r.data().contains(j.externalId())) {
                JsonNode tree = Json.read(r.data());
                if (EventScrub.stripApp(tree, j.externalId())) {
                    changed.add(new Row(r.accountId(), r.token(), Json.write(tree)));
                }
            }
        }
        Progress p = rows.size() < EVENT_SCAN
                ? new Progress(NOTES, "", 0, 0, changed.size())
                : new Progress(APP_EVENTS, "", rows.get(rows.size() - 1).token(), 0, changed.size());
        return db.write(x -> {
            for (Row r : changed) {
                x.execute(SET_APP_EVENT_BODY, r.data(), r.accountId(), r.token());
            }
            return record.in(x, p);
        });
    }

    private Progress graph(ErasureJob j, Recorder record) {
        List<String> touched = new ArrayList<>();
        Progress p = db.write(x -> {
            touched.addAll(x.createQuery(BLOCKED_BY_OR_OF).bind(0, j.accountId()).bind(1, j.accountId())
                    .mapTo(String.class).list());
            for (String sql : GRAPH_DELETES) {
                x.execute(sql, j.accountId(), j.accountId());
            }
            x.execute(DELETE_AGENT_PLACES, j.accountId());
            return record.in(x, new Progress(MEMBERSHIPS, j.cursorAccount(), j.cursorToken(), 0, 0));
        });
        touched.add(j.accountId());
        blocksChanged.accept(touched); // the policy's caches here and on other nodes forget them
        return p;
    }
}
