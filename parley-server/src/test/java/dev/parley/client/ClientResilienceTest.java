package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
import org.junit.jupiter.api.Test;

/** Lost answers, rate limits and many threads: the SDK neither duplicates nor loses messages. */
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
}
