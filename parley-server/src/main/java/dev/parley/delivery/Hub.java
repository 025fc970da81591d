package dev.parley.delivery;

import dev.parley.event.Event;
import dev.parley.event.EventSink;
import dev.parley.event.EventStore;
import dev.parley.http.ApiException;
import dev.parley.http.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's open sockets and how events reach them.
 *
 * @implNote Every push, replay and gap fill for an account runs on one thread chosen by the
 * account (a stripe), so a socket's {@code lastToken} moves in order without locks. A pushed
 * event that is not the next token (it raced another commit, or came from another node) makes
 * the socket pull what it missed from the store; an event it already has is skipped. So a socket
 * gets each event once, in token order, whatever order commits report in.
 */
public final class Hub implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
    private static final int PAGE = 500;

    private final EventStore events;
    private final Broadcast broadcast;
    private final String nodeId;
    private final Stripe[] stripes;
    private final Map<String, Set<StreamSession>> byAccount = new ConcurrentHashMap<>();
    private final Map<String, Set<StreamSession>> byPerson = new ConcurrentHashMap<>();
    private final List<EventSink> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Hub(EventStore events, Broadcast broadcast, String nodeId, int threads) {
        this.events = events;
        this.broadcast = broadcast;
        this.nodeId = nodeId;
        this.stripes = new Stripe[threads];
        for (int i = 0; i < threads; i++) {
            int n = i;
            stripes[i] = new Stripe("parley-delivery-" + n);
        }
    }

    private ExecutorService stripe(String accountId) {
        return stripes[stripeIndex(accountId)];
    }

    private int stripeIndex(String accountId) {
        return Math.floorMod(accountId.hashCode(), stripes.length);
    }

    /** Registers a socket on its account's thread; {@code since} null means "from now". */
    void open(StreamSession s, long since) {
        // Ephemeral frames (presence, typing) may reach it at once; events wait for its account's thread.
        byPerson.computeIfAbsent(s.personId, k -> ConcurrentHashMap.newKeySet()).add(s);
        stripe(s.logAccountId).execute(() -> {
            byAccount.computeIfAbsent(s.logAccountId, k -> ConcurrentHashMap.newKeySet()).add(s);
            s.lastToken = since;
            catchUp(s);
        });
    }

    /** The account's latest event token: where a socket opened "from now" starts. */
    long current(String accountId) {
        return events.current(accountId);
    }

    void close(StreamSession s) {
        s.open = false;
        stripe(s.logAccountId).execute(() -> {
            remove(byAccount, s.logAccountId, s);
            remove(byPerson, s.personId, s);
        });
    }

    private static void remove(Map<String, Set<StreamSession>> map, String key, StreamSession s) {
        map.computeIfPresent(key, (k, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
    }

    /** Whether the person has a socket open on this node. */
    public boolean connectedHere(String personId) {
        return byPerson.containsKey(personId);
    }

    @Override
    public void committed(List<Event> committed) {
        Map<String, List<Event>> perAccount = perAccount(committed);
        push(perAccount);
        broadcast.publish(new Broadcast.NewEvents(nodeId, List.copyOf(perAccount.keySet()), List.copyOf(committed)));
        listeners.forEach(l -> l.committed(committed));
    }

    private static Map<String, List<Event>> perAccount(List<Event> events) {
        Map<String, List<Event>> out = new LinkedHashMap<>();
        for (Event e : events) {
            out.computeIfAbsent(e.accountId(), k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    /**
     * Queues each account's events for its sockets here, on the account's thread: one task per
     * stripe for the whole commit, not one per account (a batch of 200 one-to-one messages touched
     * 400 accounts, so 400 queue hand-offs and wake-ups for 4 threads). Each stripe's task keeps
     * the commit's account order, so every account's events stay in order.
     */
    private void push(Map<String, List<Event>> perAccount) {
        List<List<Map.Entry<String, List<Event>>>> byStripe = null;
        for (Map.Entry<String, List<Event>> e : perAccount.entrySet()) {
            if (!byAccount.containsKey(e.getKey())) {
                continue;
            }
            if (byStripe == null) {
                byStripe = new ArrayList<>(stripes.length);
                for (int i = 0; i < stripes.length; i++) {
                    byStripe.add(null);
                }
            }
            int i = stripeIndex(e.getKey());
            if (byStripe.get(i) == null) {
                byStripe.set(i, new ArrayList<>());
            }
            byStripe.get(i).add(e);
        }
        if (byStripe == null) {
            return;
        }
        for (int i = 0; i < stripes.length; i++) {
            List<Map.Entry<String, List<Event>>> accounts = byStripe.get(i);
            if (accounts != null) {
                stripes[i].execute(() -> accounts.forEach(this::deliverQuietly));
            }
        }
    }

    /** One account's delivery within a stripe's task: its failure must not cost the next account its events. */
    private void deliverQuietly(Map.Entry<String, List<Event>> account) {
        try {
            deliver(account.getKey(), account.getValue());
        } catch (RuntimeException e) {
            LOG.warn("delivering to {}'s sockets failed; they catch up from the store", account.getKey(), e);
        }
    }

    /** Also hands every committed event to {@code sink}, after the sockets' deliveries are queued. */
    void listen(EventSink sink) {
        listeners.add(sink);
    }

    private void deliver(String account, List<Event> list) {
        Set<StreamSession> sessions = byAccount.getOrDefault(account, Set.of());
        if (sessions.isEmpty()) {
            return;
        }
        List<String> frames = list.stream().map(Hub::frame).toList();
        for (StreamSession s : sessions) {
            for (int i = 0; i < list.size(); i++) {
                Event e = list.get(i);
                if (e.token() <= s.lastToken) {
                    continue;
                }
                if (e.token() > s.lastToken + 1) {
                    catchUp(s);
                    continue;
                }
                s.send(frames.get(i));
                s.lastToken = e.token();
            }
        }
    }

    /** Pulls everything after the socket's last token from the store. */
    private void catchUp(StreamSession s) {
        try {
            while (s.open) {
                List<Event> page = events.since(s.logAccountId, s.lastToken, PAGE);
                for (Event e : page) {
                    s.send(frame(e));
                    s.lastToken = e.token();
                }
                if (page.size() < PAGE) {
                    return;
                }
            }
        } catch (ApiException e) {
            s.send(Json.write(Map.of("type", "error", "problem", dev.parley.http.Problems.body(e))));
            s.peer.close(4410, "sync_reset");
        } catch (RuntimeException e) {
            LOG.warn("catch-up for {} failed", s.logAccountId, e);
        }
    }

    /** What other nodes say: their new events, pushed to this node's sockets (the delivery module subscribes it). */
    void heard(Broadcast.Signal signal) {
        if (signal instanceof Broadcast.NewEvents n && !n.events().isEmpty()) {
            // The events came along: pushed like this node's own, a gap still pulls from the store.
            push(perAccount(n.events()));
        } else if (signal instanceof Broadcast.NewEvents n) {
            n.accountIds().forEach(account -> {
                if (byAccount.containsKey(account)) {
                    stripe(account).execute(() -> byAccount.getOrDefault(account, Set.of()).forEach(this::catchUp));
                }
            });
        } else if (signal instanceof Broadcast.Frame f) {
            sendLocal(f.accountIds(), f.json());
        } else if (signal instanceof Broadcast.Resync) {
            // Nudges may have been lost: every socket pulls what it missed.
            byAccount.forEach((account, sessions) ->
                    stripe(account).execute(() -> byAccount.getOrDefault(account, Set.of()).forEach(this::catchUp)));
        }
    }

    /** Sends an ephemeral frame to the given people's sockets here and on other nodes. */
    public void sendFrame(List<String> personIds, Object frame) {
        if (personIds.isEmpty()) {
            return;
        }
        String json = Json.write(frame);
        sendLocal(personIds, json);
        broadcast.publish(new Broadcast.Frame(nodeId, personIds, json));
    }

    /** To each socket of those people, and of those businesses (their agents' business sockets). */
    private void sendLocal(List<String> accountIds, String json) {
        Set<StreamSession> targets = new java.util.HashSet<>();
        for (String id : accountIds) {
            targets.addAll(byPerson.getOrDefault(id, Set.of()));
            targets.addAll(byAccount.getOrDefault(id, Set.of()));
        }
        targets.forEach(s -> s.send(json));
    }

    /** The frame for an event; the event's JSON is written once and shared by every socket. */
    private static String frame(Event e) {
        return "{\"type\":\"event\",\"event\":" + Json.write(e) + "}";
    }

    /** Runs a task on an account's delivery thread (after what is queued for it). */
    void onAccountThread(String accountId, Runnable task) {
        stripe(accountId).execute(task);
    }

    public int openSockets() {
        return byAccount.values().stream().mapToInt(Set::size).sum();
    }

    public void closeAll(Function<StreamSession, Boolean> closer) {
        byAccount.values().forEach(set -> set.forEach(closer::apply));
    }

    public void shutdown() {
        for (ExecutorService s : stripes) {
            s.shutdown();
        }
        for (ExecutorService s : stripes) {
            try {
                s.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
