package dev.parley.appevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.parley.account.JdbcAccountStore;
import dev.parley.automation.WebhookSignature;
import dev.parley.notify.NotificationNeeded;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Res;
import dev.parley.testing.Eventually;
import dev.parley.testing.TestNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A host app's backend hears what happens to its users: by reading its feed (by cursor, long
 * polling) or through its webhook (numbered transactions, retried with the same id, signed).
 */
class AppEventsTest {
    static final Map<String, String> SETTINGS = Map.of("outbound.allow_private_addresses", "on",
            "app.webhook_retry_base", "200ms", "app.webhook_retry_max", "1s");
    static TestNode node;
    static String admin;

    @BeforeAll
    static void start() {
        node = TestNode.start(SETTINGS);
        admin = adminOf(node);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static String adminOf(TestNode n) {
        Api.Person root = n.api.signUp("keeper_" + UUID.randomUUID().toString().substring(0, 6));
        new JdbcAccountStore(n.node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
        return root.token();
    }

    /**
     * A fresh app with these users, who all follow each other (so they write without requests),
     * whose backend has started reading its feed (so it records their messages); answers its secret.
     */
    static String appWithUsers(TestNode n, String admin, String... users) {
        String secret = appNotYetListening(n, admin, users);
        feed(n, secret, "");
        return secret;
    }

    /** As {@link #appWithUsers}, but the app has not asked for its events in any way yet. */
    static String appNotYetListening(TestNode n, String admin, String... users) {
        String secret = n.api.post("/api/v1/admin/apps", admin, Map.of("name", "app_" + UUID.randomUUID()))
                .expect(201).body().get("secret").asText();
        List<Map<String, String>> edges = new ArrayList<>();
        for (String u : users) {
            assertThat(n.api.call("PUT", "/api/v1/app/users/" + u, secret, Map.of("display_name", u)).status())
                    .isIn(200, 201);
            for (String v : users) {
                if (!u.equals(v)) {
                    edges.add(Map.of("from", u, "to", v));
                }
            }
        }
        if (!edges.isEmpty()) {
            n.api.call("PUT", "/api/v1/app/graph/follows", secret, Map.of("edges", edges)).expect(200);
        }
        return secret;
    }

    static Res as(TestNode n, String secret, String user, String method, String path, Object body) {
        return n.api.call(method, path, secret, body, Map.of("X-Parley-User", user));
    }

    static String accountId(TestNode n, String secret, String user) {
        return n.api.call("GET", "/api/v1/app/users/" + user, secret, null).expect(200).body().get("id").asText();
    }

    /** {@code from} opens a conversation with {@code to}; answers its id. */
    static String open(TestNode n, String secret, String from, String to) {
        Res opened = as(n, secret, from, "POST", "/api/v1/conversations", Map.of("member_ids", List.of(accountId(n, secret, to))));
        assertThat(opened.status()).isIn(200, 201);
        return opened.body().get("id").asText();
    }

    static JsonNode send(TestNode n, String secret, String from, String conversation, String text) {
        return as(n, secret, from, "POST", "/api/v1/conversations/" + conversation + "/messages",
                Map.of("client_id", UUID.randomUUID().toString(), "text", text)).expect(201).body();
    }

    static JsonNode feed(TestNode n, String secret, String query) {
        Res r = n.api.call("GET", "/api/v1/app/events" + query, secret, null).expect(200);
        return r.body();
    }

    static List<JsonNode> items(JsonNode page) {
        List<JsonNode> out = new ArrayList<>();
        page.get("items").forEach(out::add);
        return out;
    }

    @Test
    void messagesAreRecordedOnlyOnceTheAppHasAskedForThemByReadingItsFeed() {
        String secret = appNotYetListening(node, admin, "ann", "bob");
        String c = open(node, secret, "ann", "bob");
        send(node, secret, "ann", c, "before the app listens");
        // A webhook for notifications only does not ask for messages.
        node.api.call("PUT", "/api/v1/app/webhook", secret, Map.of("url", "http://127.0.0.1:9/unused",
                "types", List.of("notification.needed"), "secret", HOOK_SECRET)).expect(201);
        send(node, secret, "bob", c, "still unheard");

        JsonNode first = feed(node, secret, ""); // the app reads: from now on its users' messages are recorded
        assertThat(items(first)).extracting(e -> e.get("type").asText()).containsExactly("conversation.created");
        send(node, secret, "bob", c, "heard");
        List<JsonNode> later = items(feed(node, secret, "?after=" + first.get("next").asText()));
        assertThat(later).extracting(e -> e.get("type").asText()).containsExactly("message.created");
        assertThat(later.get(0).at("/message/sender").asText()).isEqualTo("bob");
    }

    @Test
    void aWebhookTakingMessagesOrAnOptInToTextsAsksForThemBeforeAnyRead() {
        for (Map<String, Object> ask : List.of(
                Map.<String, Object>of("PUT /api/v1/app/webhook", Map.of("url", "http://127.0.0.1:9/unused",
                        "types", List.of("message.created"), "secret", HOOK_SECRET)),
                Map.<String, Object>of("PUT /api/v1/app/webhook", Map.of("url", "http://127.0.0.1:9/unused",
                        "secret", HOOK_SECRET)),
                Map.<String, Object>of("PUT /api/v1/app/events/settings", Map.of("include_text", true)))) {
            String secret = appNotYetListening(node, admin, "ann", "bob");
            String c = open(node, secret, "ann", "bob");
            ask.forEach((route, body) -> assertThat(node.api.call("PUT", route.substring(4), secret, body).status())
                    .isIn(200, 201));
            send(node, secret, "ann", c, "heard");
            assertThat(items(feed(node, secret, ""))).extracting(e -> e.get("type").asText())
                    .as(ask.keySet().toString()).containsExactly("conversation.created", "message.created");
        }
    }

    @Test
    void theFeedListsAnAppsEventsInOrderByCursorAndShowsNothingToOthers() {
        String secret = appWithUsers(node, admin, "ann", "bob");
        String other = appWithUsers(node, admin, "ann", "cat");
        String c = open(node, secret, "ann", "bob");
        send(node, secret, "ann", c, "first secret words");
        send(node, secret, "ann", c, "second");
        // The node's own people (password accounts) are in no app's feed.
        Api.Person p = node.api.signUp("plain_" + UUID.randomUUID().toString().substring(0, 6));
        Api.Person q = node.api.signUp("plain_" + UUID.randomUUID().toString().substring(0, 6));
        node.api.send(p, node.api.open(p, q), "hello").expect(201);

        List<JsonNode> all = items(feed(node, secret, ""));
        assertThat(all).extracting(e -> e.get("type").asText())
                .containsExactly("conversation.created", "message.created", "message.created");
        assertThat(all).extracting(e -> e.get("id").asLong()).isSorted().doesNotHaveDuplicates();
        JsonNode created = all.get(0);
        assertThat(created.get("conversation_id").asText()).isEqualTo(c);
        assertThat(created.get("members")).extracting(JsonNode::asText).containsExactlyInAnyOrder("ann", "bob");
        JsonNode message = all.get(1);
        assertThat(message.at("/message/sender").asText()).isEqualTo("ann");
        assertThat(message.get("at").asText()).isNotEmpty();
        // No text unless the app opted in; no Parley account id leaks as a name.
        assertThat(message.get("message").has("text")).isFalse();
        assertThat(message.toString()).doesNotContain("first secret words").doesNotContain(accountId(node, secret, "ann"));

        // Page by cursor: limit 1, then after each next.
        JsonNode first = feed(node, secret, "?limit=1");
        assertThat(items(first)).hasSize(1);
        JsonNode rest = feed(node, secret, "?after=" + first.get("next").asText());
        assertThat(items(rest)).extracting(e -> e.get("id").asText())
                .containsExactly(all.get(1).get("id").asText(), all.get(2).get("id").asText());
        JsonNode end = feed(node, secret, "?after=" + rest.get("next").asText());
        assertThat(items(end)).isEmpty();
        assertThat(end.get("next").asText()).isEqualTo(rest.get("next").asText());

        // Another app sees none of this (its own user "ann" is someone else).
        assertThat(items(feed(node, other, ""))).isEmpty();

        // Bad cursors are problems, not 500s; a user's token is not an app's secret.
        Res bad = node.api.call("GET", "/api/v1/app/events?after=abc", secret, null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.code()).isEqualTo("bad_cursor");
        assertThat(bad.contentType()).contains("application/problem+json");
        assertThat(node.api.call("GET", "/api/v1/app/events?after=999999", secret, null).code()).isEqualTo("bad_cursor");
        for (String path : List.of("/api/v1/app/events", "/api/v1/app/webhook", "/api/v1/app/events/settings")) {
            Res user = node.api.get(path, p.token());
            assertThat(user.status()).as(path).isEqualTo(401);
            assertThat(user.contentType()).contains("application/problem+json");
        }
    }

    @Test
    void requestsAndGroupMembershipAreInTheFeedByExternalIds() {
        String secret = appWithUsers(node, admin, "ann", "bob", "cat");
        assertThat(node.api.call("PUT", "/api/v1/app/users/eve", secret, Map.of("display_name", "Eve")).status())
                .isEqualTo(201);
        // Eve follows nobody: Ann's first message is a request, which Eve accepts.
        String request = open(node, secret, "ann", "eve");
        send(node, secret, "ann", request, "hello Eve");
        as(node, secret, "eve", "POST", "/api/v1/conversations/" + request + "/accept", null).expect(200);
        // A group: made, grown, shrunk.
        Res group = as(node, secret, "ann", "POST", "/api/v1/conversations",
                Map.of("member_ids", List.of(accountId(node, secret, "bob")), "title", "Team"));
        assertThat(group.status()).isIn(200, 201);
        String g = group.body().get("id").asText();
        String cat = accountId(node, secret, "cat");
        as(node, secret, "ann", "POST", "/api/v1/conversations/" + g + "/members", Map.of("account_ids", List.of(cat)))
                .expect(200);
        assertThat(as(node, secret, "ann", "DELETE", "/api/v1/conversations/" + g + "/members/" + cat, null).status())
                .isIn(200, 204);

        List<JsonNode> all = items(feed(node, secret, ""));
        assertThat(all).extracting(e -> e.get("type").asText()).containsExactly("conversation.created",
                "message.created", "request.accepted", "conversation.created", "member.added", "member.removed");
        assertThat(all.get(2).get("accepted_by").asText()).isEqualTo("eve");
        assertThat(all.get(3).get("title").asText()).isEqualTo("Team");
        assertThat(all.get(4).get("added")).extracting(JsonNode::asText).containsExactly("cat");
        assertThat(all.get(4).get("by").asText()).isEqualTo("ann");
        assertThat(all.get(5).get("removed").asText()).isEqualTo("cat");
        assertThat(all.get(5).get("conversation_id").asText()).isEqualTo(g);
    }

    @Test
    void aCursorOlderThanWhatIsKeptAnswersCursorExpired() {
        String secret = appWithUsers(node, admin, "ann", "bob");
        String c = open(node, secret, "ann", "bob");
        send(node, secret, "ann", c, "soon pruned");
        String first = items(feed(node, secret, "")).get(0).get("id").asText();
        String last = feed(node, secret, "").get("next").asText();
        // What the hourly pruning does once the retention has passed.
        new AppEventStore(node.node().database()).prune(Instant.now().plusSeconds(60));
        Res expired = node.api.call("GET", "/api/v1/app/events?after=" + (Long.parseLong(first) - 1), secret, null);
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.code()).isEqualTo("cursor_expired");
        assertThat(expired.body().get("next").asText()).isEqualTo(last);
        JsonNode fresh = feed(node, secret, "");
        assertThat(items(fresh)).isEmpty();
        assertThat(fresh.get("next").asText()).isEqualTo(last);
        send(node, secret, "bob", c, "after pruning");
        assertThat(items(feed(node, secret, "?after=" + last))).extracting(e -> e.get("type").asText())
                .containsExactly("message.created");
    }

    @Test
    void messageTextIsIncludedOnlyOnceTheAppOptsIn() {
        String secret = appWithUsers(node, admin, "ann", "bob");
        String c = open(node, secret, "ann", "bob");
        send(node, secret, "ann", c, "before opting in");
        node.api.call("PUT", "/api/v1/app/events/settings", secret, Map.of("include_text", true)).expect(200);
        assertThat(node.api.call("GET", "/api/v1/app/events/settings", secret, null).expect(200)
                .body().get("include_text").asBoolean()).isTrue();
        send(node, secret, "bob", c, "after opting in");
        List<JsonNode> messages = items(feed(node, secret, "")).stream()
                .filter(e -> e.get("type").asText().equals("message.created")).toList();
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).get("message").has("text")).isFalse();
        assertThat(messages.get(1).at("/message/text").asText()).isEqualTo("after opting in");
        assertThat(messages.get(1).at("/message/sender").asText()).isEqualTo("bob");
        Res bad = node.api.call("PUT", "/api/v1/app/events/settings", secret, Map.of());
        assertThat(bad.status()).isEqualTo(422);
    }

    /**
     * The feed keeps a message.created for days: read later (or by a webhook started later), it
     * must not give back a text its sender unsent or edited away meanwhile.
     */
    @Test
    void theFeedNeverGivesBackATextUnsentOrEditedAwaySince() {
        String secret = appWithUsers(node, admin, "ann", "bob");
        node.api.call("PUT", "/api/v1/app/events/settings", secret, Map.of("include_text", true)).expect(200);
        String c = open(node, secret, "ann", "bob");
        String unsent = send(node, secret, "ann", c, "my card number is 4111").get("id").asText();
        String edited = send(node, secret, "ann", c, "meet at 5, address 12 Elm St").get("id").asText();
        send(node, secret, "bob", c, "ok");
        as(node, secret, "ann", "DELETE", "/api/v1/messages/" + unsent, null).expect(200);
        as(node, secret, "ann", "PATCH", "/api/v1/messages/" + edited, Map.of("text", "meet at 5")).expect(200);

        Map<String, JsonNode> byId = new java.util.HashMap<>();
        items(feed(node, secret, "")).stream().filter(e -> e.get("type").asText().equals("message.created"))
                .forEach(e -> byId.put(e.at("/message/id").asText(), e.get("message")));
        assertThat(byId).hasSize(3);
        assertThat(byId.get(unsent).get("text").asText()).isEmpty(); // as history shows it
        assertThat(byId.get(unsent).get("deleted").asBoolean()).isTrue();
        assertThat(byId.get(edited).get("text").asText()).isEqualTo("meet at 5");
        assertThat(byId.get(edited).has("edited_at")).isTrue();
        assertThat(byId.values()).extracting(m -> m.toString()).noneMatch(t -> t.contains("4111") || t.contains("Elm"));
    }

    @Test
    void aLongPollAnswersAsSoonAsAnEventArrives() throws Exception {
        String secret = appWithUsers(node, admin, "ann", "bob");
        String c = open(node, secret, "ann", "bob");
        String next = feed(node, secret, "").get("next").asText();
        CompletableFuture<JsonNode> polled = CompletableFuture.supplyAsync(
                () -> feed(node, secret, "?wait=30&after=" + next));
        Eventually.sleep(Duration.ofMillis(500));
        assertThat(polled).isNotDone();
        send(node, secret, "bob", c, "wake up");
        // Well before the 30 s the poll may wait: it was woken by the event, not by its timeout.
        JsonNode page = polled.get(10, TimeUnit.SECONDS);
        assertThat(items(page)).extracting(e -> e.get("type").asText()).containsExactly("message.created");
        assertThat(page.get("next").asLong()).isGreaterThan(Long.parseLong(next));
        // With nothing new, the poll answers when its wait is over: no items, the same cursor.
        JsonNode quiet = feed(node, secret, "?wait=1&after=" + page.get("next").asText());
        assertThat(items(quiet)).isEmpty();
        assertThat(quiet.get("next").asText()).isEqualTo(page.get("next").asText());
        Res tooLong = node.api.call("GET", "/api/v1/app/events?wait=600", secret, null);
        assertThat(tooLong.status()).isEqualTo(400);
    }

    @Test
    void aLongPollWokenByACommitThatAddedNothingToTheFeedKeepsWaiting() throws Exception {
        String secret = appWithUsers(node, admin, "ann", "bob");
        String c = open(node, secret, "ann", "bob");
        long seq = send(node, secret, "bob", c, "first").get("seq").asLong();
        String next = feed(node, secret, "").get("next").asText();
        CompletableFuture<JsonNode> polled = CompletableFuture.supplyAsync(
                () -> feed(node, secret, "?wait=30&after=" + next));
        Eventually.sleep(Duration.ofMillis(500));
        // Ann reads: a commit about an app user that wakes the app's long-polls but is no feed event.
        // The poll answered it with an empty page (and a late nudge from another node did the same).
        as(node, secret, "ann", "POST", "/api/v1/conversations/" + c + "/read", Map.of("seq", seq)).expect(200);
        send(node, secret, "bob", c, "second");
        JsonNode page = polled.get(10, TimeUnit.SECONDS);
        assertThat(items(page)).extracting(e -> e.get("type").asText()).containsExactly("message.created");
    }

    @Test
    void notificationNeededIsAppendedOnceForAnAppsUserAndNeverForOthers() {
        String secret = appWithUsers(node, admin, "ann", "bob");
        String c = open(node, secret, "ann", "bob");
        String messageId = send(node, secret, "ann", c, "are you there?").get("id").asText();
        var db = node.node().database();
        AppEventPublisher sink = new AppEventPublisher(db, new AppEventStore(db), new AppUsersDirectory(), app -> { });
        String bob = accountId(node, secret, "bob");
        NotificationNeeded verdict = new NotificationNeeded(bob, c, messageId, NotificationNeeded.MESSAGE, 1, 3,
                accountId(node, secret, "ann"), true, Instant.now());
        sink.notificationNeeded(verdict);
        sink.notificationNeeded(verdict); // at least once: a repeat must not become a second event
        Api.Person plain = node.api.signUp("plain_" + UUID.randomUUID().toString().substring(0, 6));
        sink.notificationNeeded(new NotificationNeeded(plain.id(), c, messageId, NotificationNeeded.MESSAGE, 1, 1,
                bob, true, Instant.now()));

        List<JsonNode> notes = items(feed(node, secret, "")).stream()
                .filter(e -> e.get("type").asText().equals("notification.needed")).toList();
        assertThat(notes).hasSize(1);
        JsonNode n = notes.get(0);
        assertThat(n.get("external_id").asText()).isEqualTo("bob");
        assertThat(n.get("conversation_id").asText()).isEqualTo(c);
        assertThat(n.get("unread").asLong()).isEqualTo(1);
        assertThat(n.get("total_unread").asLong()).isEqualTo(3);
        assertThat(n.get("kind").asText()).isEqualTo("message");
        assertThat(n.get("devices").isArray()).isTrue();
        assertThat(n.toString()).doesNotContain("are you there?");
    }

    /** A webhook receiver on 127.0.0.1: answers 500 while {@code failing}, records every call. */
    static final class Receiver implements AutoCloseable {
        record Call(String txn, String body, boolean signed) {}

        final HttpServer server;
        final List<Call> calls = new CopyOnWriteArrayList<>();
        final BlockingQueue<Call> accepted = new LinkedBlockingQueue<>();
        final AtomicInteger failuresLeft;
        final String secret;

        Receiver(String secret, int failures) throws IOException {
            this.secret = secret;
            this.failuresLeft = new AtomicInteger(failures);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", ex -> {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                boolean signed = WebhookSignature.verify(secret,
                        ex.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER), body,
                        ex.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER), Instant.now());
                Call call = new Call(ex.getRequestHeaders().getFirst("X-Parley-Txn-Id"), body, signed);
                calls.add(call);
                int status = failuresLeft.getAndDecrement() > 0 ? 500 : 200;
                if (status == 200) {
                    accepted.add(call);
                }
                ex.sendResponseHeaders(status, -1);
                ex.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        Call awaitAccepted() throws InterruptedException {
            Call got = accepted.poll(20, TimeUnit.SECONDS);
            assertThat(got).as("a transaction was accepted").isNotNull();
            return got;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    static final String HOOK_SECRET = "whsec_0123456789abcdef";

    @Test
    void theWebhookRetriesATransactionWithTheSameIdAndEventsUntilAnswered() throws Exception {
        String secret = appWithUsers(node, admin, "ann", "bob");
        try (Receiver receiver = new Receiver(HOOK_SECRET, 2)) {
            Res put = node.api.call("PUT", "/api/v1/app/webhook", secret, Map.of("url", receiver.url(),
                    "types", List.of("message.created", "conversation.created"), "secret", HOOK_SECRET));
            assertThat(put.status()).isEqualTo(201);
            assertThat(put.raw()).doesNotContain(HOOK_SECRET);
            String c = open(node, secret, "ann", "bob");
            send(node, secret, "ann", c, "one");
            Receiver.Call ok = receiver.awaitAccepted();
            assertThat(receiver.calls).hasSizeGreaterThanOrEqualTo(3);
            List<Receiver.Call> firstThree = receiver.calls.subList(0, 3);
            // The same transaction, byte for byte, under the same id, each time signed.
            assertThat(firstThree).extracting(Receiver.Call::txn).containsOnly(ok.txn());
            assertThat(firstThree).extracting(Receiver.Call::body).containsOnly(ok.body());
            assertThat(receiver.calls).allMatch(Receiver.Call::signed);
            JsonNode body = Api.JSON.readTree(ok.body());
            assertThat(body.get("txn_id").asText()).isEqualTo(ok.txn());

            // Everything arrives, in feed order, each transaction numbered after the last.
            send(node, secret, "bob", c, "two");
            List<Receiver.Call> delivered = new ArrayList<>(List.of(ok));
            List<String> types = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            List<Long> txns = new ArrayList<>();
            Eventually.await("both messages and the conversation were delivered", Duration.ofSeconds(20), () -> {
                receiver.accepted.drainTo(delivered);
                types.clear();
                ids.clear();
                txns.clear();
                delivered.forEach(call -> collect(call, types, ids, txns));
                return types.size() >= 3;
            });
            assertThat(ids).isSorted().doesNotHaveDuplicates();
            assertThat(types).containsExactly("conversation.created", "message.created", "message.created");
            assertThat(txns).isSorted().doesNotHaveDuplicates(); // in arrival order

            JsonNode view = node.api.call("GET", "/api/v1/app/webhook", secret, null).expect(200).body();
            assertThat(view.get("url").asText()).isEqualTo(receiver.url());
            assertThat(view.has("secret")).isFalse();
            node.api.call("DELETE", "/api/v1/app/webhook", secret, null).expect(204);
            assertThat(node.api.call("GET", "/api/v1/app/webhook", secret, null).status()).isEqualTo(404);
        }
    }

    private static void collect(Receiver.Call call, List<String> types, List<Long> ids, List<Long> txns) {
        try {
            JsonNode body = Api.JSON.readTree(call.body());
            txns.add(body.get("txn_id").asLong());
            body.get("events").forEach(e -> {
                types.add(e.get("type").asText());
                ids.add(e.get("id").asLong());
            });
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anUnansweredTransactionSurvivesARestartWithItsId() throws Exception {
        TestNode own = TestNode.start(SETTINGS);
        try (Receiver receiver = new Receiver(HOOK_SECRET, Integer.MAX_VALUE)) {
            String keeper = adminOf(own);
            String secret = appWithUsers(own, keeper, "ann", "bob");
            own.api.call("PUT", "/api/v1/app/webhook", secret,
                    Map.of("url", receiver.url(), "secret", HOOK_SECRET)).expect(201);
            String c = open(own, secret, "ann", "bob");
            send(own, secret, "ann", c, "while the app is down");
            Eventually.await("a failed attempt", Duration.ofSeconds(10), () -> !receiver.calls.isEmpty());
            String txn = receiver.calls.get(0).txn();
            String body = receiver.calls.get(0).body();
            own = own.restart();
            receiver.failuresLeft.set(0);
            Receiver.Call ok = receiver.awaitAccepted();
            assertThat(ok.txn()).isEqualTo(txn);
            assertThat(ok.body()).isEqualTo(body);
            assertThat(ok.signed()).isTrue();
            assertThat(items(feed(own, secret, ""))).extracting(e -> e.get("type").asText())
                    .containsExactly("conversation.created", "message.created");
        } finally {
            own.close();
        }
    }

    @Test
    void aWebhookAtAPrivateAddressIsRefusedUnlessAllowed() {
        try (TestNode strict = TestNode.start()) {
            String secret = appWithUsers(strict, adminOf(strict));
            Res refused = strict.api.call("PUT", "/api/v1/app/webhook", secret,
                    Map.of("url", "http://127.0.0.1:9/hook", "secret", HOOK_SECRET));
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.code()).isEqualTo("url_not_allowed");
            Res badType = node.api.call("PUT", "/api/v1/app/webhook", appWithUsers(node, admin),
                    Map.of("url", "http://127.0.0.1:9/hook", "secret", HOOK_SECRET, "types", List.of("message.sent")));
            assertThat(badType.code()).isEqualTo("unknown_event_type");
            Res overlong = node.api.call("PUT", "/api/v1/app/webhook", appWithUsers(node, admin),
                    Map.of("url", "http://127.0.0.1:9/" + "a".repeat(2100), "secret", HOOK_SECRET));
            assertThat(overlong.status()).isEqualTo(422);
            assertThat(overlong.body().get("detail").asText()).contains("'url'");
        }
    }
}
