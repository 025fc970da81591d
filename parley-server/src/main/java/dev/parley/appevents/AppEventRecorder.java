package dev.parley.appevents;

import dev.parley.appevents.AppUsersDirectory.AppUser;
import dev.parley.event.Appended;
import dev.parley.event.BeforeCommit;
import dev.parley.event.Event;
import dev.parley.event.EventTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/**
 * Turns a transaction's committed-to-be events into its apps' feed events, in the same
 * transaction: a message, conversation or membership change of an app's users is in the app's
 * feed exactly when it is in the store, whatever crashes when.
 *
 * @implNote This runs on the one writer thread inside every group commit, where each microsecond
 * holds back every send, so it works from the appended facts (one per fact, not one per member's
 * copy) and, for a message, from the view the writer rendered ({@link FeedBodies}), never parsing
 * JSON back; each app's counter row is bumped once per transaction and its rows go in as one
 * batch. Transactions without app users cost a cached look-up per account and nothing else; a
 * transaction of messages only, for an app that has not asked for message.created, costs one
 * primary-key read of its feed's state and writes nothing.
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

    /** Which appends tell the same fact (a fact may be appended in parts, say to old and new members). */
    private record Key(String type, String conversationId, Long seq) {}

    /** One app's event before its ids are reserved: the fact, and the members named in that app. */
    private record Item(FeedBodies.Fact fact, List<String> members, Names names) {}

    @Override
    public void beforeCommit(Handle h, List<Event> events, List<Appended> appended) {
        Map<Key, FeedBodies.Fact> facts = facts(appended);
        if (facts.isEmpty()) {
            return;
        }
        Set<String> accounts = new HashSet<>();
        facts.values().forEach(f -> accounts.addAll(f.accounts()));
        Map<String, AppUser> users = new HashMap<>(directory.resolve(h, accounts));
        if (users.isEmpty()) {
            return; // nobody here belongs to an app
        }
        Set<String> named = new HashSet<>();
        facts.values().forEach(f -> named.addAll(f.mentioned()));
        named.removeAll(users.keySet());
        named.remove(null);
        if (!named.isEmpty()) {
            users.putAll(directory.resolve(h, named));
        }
        Set<String> groupsGrown = new HashSet<>();
        facts.values().stream().filter(f -> EventTypes.MEMBER_ADDED.equals(f.type()))
                .forEach(f -> groupsGrown.add(f.conversationId()));
        Map<String, List<Item>> byApp = new TreeMap<>(); // app id order: the lock order of the counters
        for (FeedBodies.Fact f : facts.values()) {
            if (EventTypes.CONVERSATION_CREATED.equals(f.type()) && groupsGrown.contains(f.conversationId())) {
                continue; // the new members' view of a group they joined: member.added tells it
            }
            if (EventTypes.MESSAGE_CREATED.equals(f.type()) && f.accounts().size() == 1
                    && f.accounts().get(0).equals(f.message().senderId())) {
                continue; // a message only its sender got (shadowed): the app hears nothing of it
            }
            if (EventTypes.MESSAGE_CREATED.equals(f.type()) && "system".equals(f.message().authorKind())) {
                continue; // a group's line ("Ann added Bob"): the feed's membership facts tell it already
            }
            Set<String> apps = new TreeSet<>();
            for (String account : f.accounts()) {
                AppUser u = users.get(account);
                if (u != null) {
                    apps.add(u.appId());
                }
            }
            for (String app : apps) {
                Names names = new Names(app, users);
                byApp.computeIfAbsent(app, k -> new ArrayList<>()).add(new Item(f, names.all(f.accounts()), names));
            }
        }
        byApp.forEach((app, all) -> {
            List<Item> items = store.wantsMessages(h, app) ? all : withoutMessages(all);
            if (items.isEmpty()) {
                return;
            }
            AppEventStore.Reserved r = store.reserve(h, app, items.size());
            List<AppEventStore.Draft> drafts = new ArrayList<>(items.size());
            for (Item i : items) {
                String body = FeedBodies.render(i.fact(), i.members(), i.names()::one, r.includeText());
                drafts.add(new AppEventStore.Draft(i.fact().type(), i.fact().at(), null, body));
            }
            store.insert(h, app, r.before(), drafts);
        });
    }

    /** An app that has not asked for message.created yet (AppEventStore#wantMessages) records the rest only. */
    private static List<Item> withoutMessages(List<Item> items) {
        List<Item> out = new ArrayList<>(items.size());
        for (Item i : items) {
            if (!EventTypes.MESSAGE_CREATED.equals(i.fact().type())) {
                out.add(i);
            }
        }
        return out;
    }

    /** The facts an app hears, in the order first appended, each with every account it was told to. */
    private static Map<Key, FeedBodies.Fact> facts(List<Appended> appended) {
        Map<Key, List<Appended>> parts = new LinkedHashMap<>();
        for (Appended a : appended) {
            if (HEARD.contains(a.type())) {
                parts.computeIfAbsent(new Key(a.type(), a.conversationId(), a.seq()), k -> new ArrayList<>(1)).add(a);
            }
        }
        Map<Key, FeedBodies.Fact> out = new LinkedHashMap<>();
        parts.forEach((k, list) -> {
            Appended last = list.get(list.size() - 1);
            List<String> accounts;
            if (list.size() == 1) {
                accounts = last.accountIds();
            } else {
                Set<String> all = new LinkedHashSet<>();
                list.forEach(a -> all.addAll(a.accountIds()));
                accounts = List.copyOf(all);
            }
            out.put(k, FeedBodies.Fact.of(k.type(), k.conversationId(), list.get(0).at(), accounts, last));
        });
        return out;
    }

    /** Account ids as one app's external ids; anyone not of that app is left out. */
    record Names(String appId, Map<String, AppUser> users) {
        String one(String accountId) {
            AppUser u = accountId == null ? null : users.get(accountId);
            return u != null && u.appId().equals(appId) ? u.externalId() : null;
        }

        List<String> all(List<String> accountIds) {
            List<String> out = new ArrayList<>(accountIds.size());
            for (String id : accountIds) {
                String name = one(id);
                if (name != null && !out.contains(name)) {
                    out.add(name);
                }
            }
            return out;
        }
    }
}
