package dev.parley.appevents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.appevents.AppUsersDirectory.AppUser;
import dev.parley.event.BeforeCommit;
import dev.parley.event.Event;
import dev.parley.event.EventTypes;
import dev.parley.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * Turns a transaction's committed-to-be events into its apps' feed events, in the same
 * transaction: a message, conversation or membership change of an app's users is in the app's
 * feed exactly when it is in the store, whatever crashes when.
 *
 * @implNote The per-account events of one fact (one copy per member) become one app event, naming
 * people by the app's external ids and never naming anyone of another app. Transactions without
 * app users cost a cached look-up per account and nothing else.
 */
final class AppEventRecorder implements BeforeCommit {
    private static final Set<String> HEARD = Set.of(EventTypes.MESSAGE_CREATED, EventTypes.CONVERSATION_CREATED,
            EventTypes.REQUEST_ACCEPTED, EventTypes.MEMBER_ADDED, EventTypes.MEMBER_REMOVED);

    private final AppEventStore store;
    private final AppUsersDirectory directory;

    AppEventRecorder(AppEventStore store, AppUsersDirectory directory) {
        this.store = store;
        this.directory = directory;
    }

    /** One fact of the transaction: its type, conversation and seq, and the accounts that got a copy. */
    private record Fact(String type, String conversationId, Long seq) {}

    /** An app event before its app's ids were reserved: the text goes in only if the app opted in. */
    private record Pending(String type, java.time.Instant at, Map<String, Object> body, String text) {}

    @Override
    public void beforeCommit(Handle h, List<Event> events) {
        Map<Fact, List<Event>> facts = new LinkedHashMap<>();
        Set<String> accounts = new HashSet<>();
        for (Event e : events) {
            if (HEARD.contains(e.type())) {
                facts.computeIfAbsent(new Fact(e.type(), e.conversationId(), e.seq()), k -> new ArrayList<>()).add(e);
                accounts.add(e.accountId());
            }
        }
        if (facts.isEmpty()) {
            return;
        }
        Map<String, AppUser> users = new java.util.HashMap<>(directory.resolve(h, accounts));
        if (users.isEmpty()) {
            return; // nobody here belongs to an app
        }
        Set<String> groupsGrown = new HashSet<>();
        facts.keySet().stream().filter(f -> EventTypes.MEMBER_ADDED.equals(f.type()))
                .forEach(f -> groupsGrown.add(f.conversationId()));
        Map<Fact, JsonNode> data = new LinkedHashMap<>();
        Set<String> named = new HashSet<>();
        facts.forEach((f, copies) -> {
            JsonNode d = parse(copies.get(copies.size() - 1).data());
            data.put(f, d);
            named.addAll(mentioned(f.type(), d));
        });
        named.removeAll(users.keySet());
        if (!named.isEmpty()) {
            users.putAll(directory.resolve(h, named));
        }
        Map<String, List<Pending>> byApp = new TreeMap<>(); // app id order: the lock order of the counters
        facts.forEach((f, copies) -> {
            if (EventTypes.CONVERSATION_CREATED.equals(f.type()) && groupsGrown.contains(f.conversationId())) {
                return; // the new members' view of a group they joined: member.added tells it
            }
            if (EventTypes.MESSAGE_CREATED.equals(f.type()) && copies.size() == 1
                    && copies.get(0).accountId().equals(data.get(f).at("/message/sender_id").asText(null))) {
                return; // a message only its sender got (shadowed): the app hears nothing of it
            }
            Set<String> apps = new java.util.TreeSet<>();
            copies.forEach(e -> {
                AppUser u = users.get(e.accountId());
                if (u != null) {
                    apps.add(u.appId());
                }
            });
            for (String app : apps) {
                Names names = new Names(app, users);
                List<String> members = names.all(copies.stream().map(Event::accountId).toList());
                byApp.computeIfAbsent(app, k -> new ArrayList<>())
                        .add(pending(f, copies.get(0).at(), data.get(f), members, names));
            }
        });
        byApp.forEach((app, list) -> {
            AppEventStore.Reserved r = store.reserve(h, app, list.size());
            List<AppEventStore.Draft> drafts = list.stream().map(p -> {
                Map<String, Object> body = p.body();
                if (p.text() != null && r.includeText()) {
                    body = new LinkedHashMap<>(body);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> message = new LinkedHashMap<>((Map<String, Object>) body.get("message"));
                    message.put("text", p.text());
                    body.put("message", message);
                }
                return new AppEventStore.Draft(p.type(), p.at(), null, Json.write(body));
            }).toList();
            store.insert(h, app, r.before(), drafts);
        });
    }

    /** Account ids a fact's data names beyond the members that got it. */
    private static List<String> mentioned(String type, JsonNode d) {
        List<String> ids = new ArrayList<>();
        switch (type) {
            case EventTypes.MESSAGE_CREATED -> ids.add(d.at("/message/sender_id").asText(null));
            case EventTypes.CONVERSATION_CREATED -> d.at("/conversation/members").forEach(m -> ids.add(m.path("id").asText(null)));
            case EventTypes.MEMBER_ADDED -> {
                d.path("account_ids").forEach(a -> ids.add(a.asText(null)));
                ids.add(d.path("by").asText(null));
            }
            case EventTypes.MEMBER_REMOVED -> {
                ids.add(d.path("account_id").asText(null));
                ids.add(d.path("by").asText(null));
            }
            case EventTypes.REQUEST_ACCEPTED -> ids.add(d.path("account_id").asText(null));
            default -> { }
        }
        ids.removeIf(Objects::isNull);
        return ids;
    }

    private static Pending pending(Fact f, java.time.Instant at, JsonNode d, List<String> members, Names names) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("conversation_id", f.conversationId());
        String text = null;
        switch (f.type()) {
            case EventTypes.MESSAGE_CREATED -> {
                JsonNode m = d.path("message");
                Map<String, Object> message = new LinkedHashMap<>();
                message.put("id", m.path("id").asText());
                message.put("seq", m.path("seq").asLong());
                message.put("sender", names.one(m.path("sender_id").asText(null)));
                message.put("reply_to", m.path("reply_to").asText(null));
                message.put("author_kind", m.path("author_kind").asText(null));
                message.put("created_at", m.path("created_at").asText(null));
                body.put("message", message);
                body.put("members", members);
                text = m.path("text").asText("");
            }
            case EventTypes.CONVERSATION_CREATED -> {
                JsonNode c = d.path("conversation");
                body.put("kind", c.path("kind").asText(null));
                body.put("title", c.path("title").asText(null));
                List<String> all = new ArrayList<>();
                c.path("members").forEach(m -> all.add(m.path("id").asText(null)));
                body.put("members", names.all(all));
            }
            case EventTypes.MEMBER_ADDED -> {
                List<String> added = new ArrayList<>();
                d.path("account_ids").forEach(a -> added.add(a.asText(null)));
                body.put("added", names.all(added));
                body.put("by", names.one(d.path("by").asText(null)));
            }
            case EventTypes.MEMBER_REMOVED -> {
                body.put("removed", names.one(d.path("account_id").asText(null)));
                body.put("by", names.one(d.path("by").asText(null)));
            }
            case EventTypes.REQUEST_ACCEPTED -> body.put("accepted_by", names.one(d.path("account_id").asText(null)));
            default -> throw new IllegalStateException(f.type());
        }
        return new Pending(f.type(), at, body, text);
    }

    /** Account ids as one app's external ids; anyone not of that app is left out. */
    private record Names(String appId, Map<String, AppUser> users) {
        String one(String accountId) {
            AppUser u = accountId == null ? null : users.get(accountId);
            return u != null && u.appId().equals(appId) ? u.externalId() : null;
        }

        List<String> all(List<String> accountIds) {
            return accountIds.stream().map(this::one).filter(Objects::nonNull).distinct().toList();
        }
    }

    private static JsonNode parse(String data) {
        try {
            return Json.MAPPER.readTree(data == null ? "{}" : data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
