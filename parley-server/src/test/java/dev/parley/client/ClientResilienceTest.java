package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.client.RecordingListener.Heard;
import dev.parley.client.RecordingListener.HeardClose;
import dev.parley.client.RecordingListener.HeardEvent;
import dev.parley.client.RecordingListener.HeardReconnected;
import dev.parley.client.RecordingListener.HeardReconnecting;
import dev.parley.cluster.Cluster;
import dev.parley.testing.RedisServer;
import dev.parley.testing.TestNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lost answers, dead and restarting nodes, rate limits and many threads: the SDK neither
 * duplicates nor loses messages, and says what failed in the caller's terms.
 */
class ClientResilienceTest {
    static TestNode node;
    static LossyProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(Map.of());
        proxy = new LossyProxy("http://127.0.0.1:" + node.port());
    }

    @AfterAll
    static void stop() {
        proxy.close();
        node.close();
    }

    @Test
    @Tag("sqlite-only") // the client's retries and failover, whatever the node's store
    void aSendWhoseAnswerIsLostIsRetriedAndStoredOnce() {
        ParleyClient parley = ParleyClient.builder(proxy.uri()).retries(2).build();
        ParleyClient ann = ClientConversationTest.person(parley, "ann", Settings.EVERYONE);
        ParleyClient ben = ClientConversationTest.person(parley, "ben", Settings.EVERYONE);
        Conversation dm = ann.openDirect(ben.me().id());

        int before = proxy.forwarded();
        proxy.loseNextAnswers(1);
        Message sent = ann.send(dm.id(), "did this arrive?");
        assertThat(proxy.forwarded() - before).as("the node saw the send twice").isEqualTo(2);
        assertThat(ben.history(dm.id()).items()).extracting(Message::id).containsExactly(sent.id());
    }

    @Test
    @Tag("sqlite-only") // the client's retries and failover, whatever the node's store
    void withoutRetriesTheCallerResendsTheSameDraftSafely() {
        ParleyClient parley = ParleyClient.builder(proxy.uri()).retries(0).build();
        ParleyClient ann = ClientConversationTest.person(parley, "ann", Settings.EVERYONE);
        ParleyClient ben = ClientConversationTest.person(parley, "ben", Settings.EVERYONE);
        Conversation dm = ann.openDirect(ben.me().id());

        Draft draft = Draft.of("once only");
        proxy.loseNextAnswers(1);
        catchThrowableOfType(UncheckedIOException.class, () -> ann.send(dm.id(), draft));
        Message resent = ann.send(dm.id(), draft);
        assertThat(resent.seq()).isEqualTo(1);
        assertThat(ben.history(dm.id()).items()).hasSize(1);
    }

    @Test
    @Tag("sqlite-only") // the client's retries and failover, whatever the node's store
    void aRateLimitSaysHowLongToWait() {
        try (TestNode limited = TestNode.start(Map.of("rate_limits", "on", "rate.sends_per_minute", "2"))) {
            ParleyClient parley = ParleyClient.create(URI.create("http://127.0.0.1:" + limited.port()));
            ParleyClient ann = ClientConversationTest.person(parley, "ann", Settings.EVERYONE);
            ParleyClient ben = ClientConversationTest.person(parley, "ben", Settings.EVERYONE);
            Conversation dm = ann.openDirect(ben.me().id());
            ann.send(dm.id(), "one");
            ann.send(dm.id(), "two");
            ParleyException slow = catchThrowableOfType(ParleyException.class, () -> ann.send(dm.id(), "three"));
            assertThat(slow.status()).isEqualTo(429);
            assertThat(slow.code()).isEqualTo("rate_limited");
            assertThat(slow.retryAfter()).hasValueSatisfying(d ->
                    assertThat(d).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(60)));
        }
    }

    /** One client shared by many threads, as the load generator will: every send lands once, seqs without gaps. */
    @Test
    @Tag("sqlite-only") // the client's retries and failover, whatever the node's store
    void oneClientSharedByManyThreadsSendsEveryMessageOnce() throws Exception {
        HttpClient shared = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ParleyClient parley = ParleyClient.builder(URI.create("http://127.0.0.1:" + node.port())).httpClient(shared).build();
        ParleyClient ann = ClientConversationTest.person(parley, "ann", Settings.EVERYONE);
        ParleyClient ben = ClientConversationTest.person(parley, "ben", Settings.EVERYONE);
        Conversation dm = ann.openDirect(ben.me().id());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Message>> sends = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                String text = "message " + i;
                sends.add(pool.submit(() -> ann.send(dm.id(), text)));
            }
            for (Future<Message> f : sends) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        History all = ben.historyAfter(dm.id(), 0, 200);
        assertThat(all.items()).extracting(Message::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, 80).boxed().toList());
        assertThat(all.items()).extracting(Message::text).doesNotHaveDuplicates();
    }

    /** A base URL where nothing listens: connecting is refused. */
    static URI deadNode() {
        return URI.create("http://127.0.0.1:" + RedisServer.freePort());
    }

    static URI direct() {
        return URI.create("http://127.0.0.1:" + node.port());
    }

    /** Every call, sign-up included (refused connections never reached a node), goes on to the next URL. */
    @Test
    @Tag("sqlite-only") // the client's retries and failover, whatever the node's store
    void callsGoOnToTheNextNodeWhenOneIsDown() {
        ParleyClient parley = ParleyClient.builder(deadNode(), direct()).build();
        ParleyClient ann = ClientConversationTest.person(parley, "ann", Settings.EVERYONE);
        ParleyClient ben = ClientConversationTest.person(parley, "ben", Settings.EVERYONE);
        Conversation dm = ann.openDirect(ben.me().id());
        Message sent = ann.send(dm.id(), "through the node that is up");
        assertThat(ben.history(dm.id()).items()).extracting(Message::id).containsExactly(sent.id());
    }

    /** A send whose answer is lost on one node is repeated on the next with the same client_id: one message. */
    @Test
    @Tag("sqlite-only") // the client's retries and failover, whatever the node's store
    void aSendWhoseAnswerIsLostIsRepeatedOnTheNextNodeAndStoredOnce() {
        ParleyClient parley = ParleyClient.builder(proxy.uri(), direct()).build();
        ParleyClient ann = ClientConversationTest.person(parley, "ann", Settings.EVERYONE);
        ParleyClient ben = ClientConversationTest.person(parley, "ben", Settings.EVERYONE);
        Conversation dm = ann.openDirect(ben.me().id());
        int before = proxy.forwarded();
        proxy.loseNextAnswers(1);
        Message sent = ann.send(dm.id(), "did this arrive?");
        assertThat(proxy.forwarded() - before).as("the first node carried it out").isEqualTo(1);
        assertThat(ben.history(dm.id()).items()).extracting(Message::id).containsExactly(sent.id());
    }

    /** A refusal is the cluster's answer and is not asked again elsewhere; a 503 (a node not taking work) is. */
    @Test
    @Tag("sqlite-only") // the client's retries and failover, whatever the node's store
    void aRefusalIsNotTriedOnAnotherNodeButABusyNodeIs() throws Exception {
        try (LossyProxy second = new LossyProxy("http://127.0.0.1:" + node.port())) {
            ParleyClient parley = ParleyClient.builder(proxy.uri(), second.uri()).build();
            ParleyClient ann = ClientConversationTest.person(parley, "ann", Settings.EVERYONE);
            int before = second.forwarded();
            ParleyException missing = catchThrowableOfType(ParleyException.class, () -> ann.profile("nobody_here"));
            assertThat(missing.code()).isEqualTo("not_found");
            assertThat(second.forwarded()).isEqualTo(before);

            proxy.refuseNext(1, 503);
            assertThat(ann.me().handle()).startsWith("ann_");
            assertThat(second.forwarded()).isEqualTo(before + 1);
        } finally {
            proxy.refuseNext(0, 503);
        }
    }

    /** A node restarting (refusing connections for a moment) is waited for, within the retry budget. */
    @Test
    @Tag("sqlite-only") // the client's retries and failover, whatever the node's store
    void aCallWaitsOutANodeThatIsBackWithinTheBudget() throws Exception {
        try (TcpProxy restarting = new TcpProxy(node.port())) {
            ParleyClient parley = ParleyClient.builder(restarting.uri()).build();
            ParleyClient ann = ClientConversationTest.person(parley, "ann", Settings.EVERYONE);
            restarting.down();
            ExecutorService later = Executors.newSingleThreadExecutor();
            try {
                Future<?> back = later.submit(() -> {
                    Thread.sleep(700);
                    restarting.up();
                    return null;
                });
                assertThat(ann.me().handle()).startsWith("ann_");
                back.get();
            } finally {
                later.shutdown();
            }
        }
    }

    /** No node at all: the error names what the caller did and why, not a request they never made. */
    @Test
    @Tag("sqlite-only") // the client's retries and failover, whatever the node's store
    void anUnreachableNodeIsReportedInTheCallersTerms() {
        URI dead = deadNode();
        ParleyClient parley = ParleyClient.builder(dead).retries(1).build().withToken("whatever");
        UncheckedIOException stream = catchThrowableOfType(UncheckedIOException.class,
                () -> parley.stream(new RecordingListener()));
        assertThat(stream.getMessage()).startsWith("could not open the stream: node unreachable")
                .contains(dead + ": connection refused").doesNotContain("/sync");
        UncheckedIOException resumed = catchThrowableOfType(UncheckedIOException.class,
                () -> parley.stream("1", new RecordingListener()));
        assertThat(resumed.getMessage()).startsWith("could not open the stream: node unreachable");
        UncheckedIOException call = catchThrowableOfType(UncheckedIOException.class, parley::me);
        assertThat(call.getMessage()).isEqualTo("could not GET /api/v1/me: node unreachable after 2 attempt(s) ("
                + dead + ": connection refused)");
    }

    /**
     * A node shut down and started again on its port and store: a stream built to resume hears
     * 1001, reconnects once the node is back, and misses and repeats nothing.
     */
    @Test
    @Tag("sqlite-only") // the client's retries and failover, whatever the node's store
    void aStreamResumesAcrossARestartOfItsNode() {
        TestNode own = TestNode.start(Map.of());
        int port = own.port();
        try {
            ParleyClient parley = ParleyClient.builder(URI.create("http://127.0.0.1:" + port))
                    .autoResume(Duration.ofSeconds(60)).build();
            ParleyClient ann = ClientConversationTest.person(parley, "ann", Settings.EVERYONE);
            ParleyClient ben = ClientConversationTest.person(parley, "ben", Settings.EVERYONE);
            Conversation dm = ann.openDirect(ben.me().id());
            RecordingListener heard = new RecordingListener();
            try (Stream stream = ben.stream(heard)) {
                ann.send(dm.id(), "before");
                heard.awaitEvent(Event.MESSAGE_CREATED);

                own = own.restart(Map.of("port", String.valueOf(port)));
                // 1001 as the node says goodbye; 1006 when its close frame loses the race with its shutdown
                assertThat(heard.await(HeardReconnecting.class).code()).isIn(StreamClose.GOING_AWAY, StreamClose.CONNECTION_LOST);
                ann.send(dm.id(), "after one");
                ann.send(dm.id(), "after two");
                List<Event> after = heard.awaitEvents(Event.MESSAGE_CREATED, 2);
                assertThat(after).extracting(e -> e.message().orElseThrow().text()).containsExactly("after one", "after two");
                assertThat(heard.drain(Duration.ofMillis(300))).noneMatch(h -> h instanceof HeardEvent || h instanceof HeardClose);
                assertThat(stream.isOpen()).isTrue();
            }
        } finally {
            own.close();
        }
    }

    /**
     * Two nodes of one cluster: when the stream's node shuts down, the stream moves to the other
     * from its last event, and sends fail over to it too, each stored once.
     */
    @Test
    @Tag("postgres-only")
    void aStreamAndItsCallsMoveToTheOtherNodeWhenTheirNodeShutsDown() {
        try (Cluster cluster = new Cluster()) {
            ParleyClient parley = ParleyClient.builder(URI.create("http://127.0.0.1:" + cluster.a.port()),
                    URI.create("http://127.0.0.1:" + cluster.b.port())).autoResume(Duration.ofSeconds(20)).build();
            ParleyClient ann = ClientConversationTest.person(parley, "ann", Settings.EVERYONE);
            ParleyClient ben = ClientConversationTest.person(parley, "ben", Settings.EVERYONE);
            Conversation dm = ann.openDirect(ben.me().id());
            RecordingListener heard = new RecordingListener();
            try (Stream stream = ben.stream(heard)) {
                ann.send(dm.id(), "on a");
                heard.awaitEvent(Event.MESSAGE_CREATED);

                cluster.a.close();
                List<Heard> moving = new ArrayList<>();
                moving.add(heard.await(HeardReconnecting.class));
                assertThat(((HeardReconnecting) moving.get(0)).code()).isIn(StreamClose.GOING_AWAY, StreamClose.CONNECTION_LOST);
                ann.send(dm.id(), "on b");
                Event moved = heard.awaitEvent(Event.MESSAGE_CREATED);
                assertThat(moved.message().orElseThrow().text()).isEqualTo("on b");
                moving.addAll(heard.drain(Duration.ofMillis(300)));
                assertThat(moving).noneMatch(h -> h instanceof HeardEvent || h instanceof HeardClose);
                assertThat(stream.isOpen()).isTrue();
            }
            assertThat(ben.history(dm.id()).items()).extracting(Message::text).containsExactly("on a", "on b");
        }
    }
}
