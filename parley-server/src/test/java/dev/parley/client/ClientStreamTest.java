package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.client.RecordingListener.HeardClose;
import dev.parley.client.RecordingListener.HeardError;
import dev.parley.client.RecordingListener.HeardEvent;
import dev.parley.client.RecordingListener.HeardPresence;
import dev.parley.client.RecordingListener.HeardSent;
import dev.parley.client.RecordingListener.HeardTyping;
import dev.parley.testing.NodeFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SDK's stream and sync against a real node: live delivery, sends over the socket, resuming. */
class ClientStreamTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static ParleyClient parley;

    @BeforeAll
    static void start() {
        parley = ParleyClient.create(URI.create("http://127.0.0.1:" + NODE.node().port()));
    }

    private static ParleyClient person(String name) {
        return ClientConversationTest.person(parley, name, Settings.EVERYONE);
    }

    @Test
    void aMessageSentOverHttpArrivesLiveAndThroughSync() {
        ParleyClient ann = person("ann");
        ParleyClient ben = person("ben");
        String since = ben.syncFromNow().next();
        RecordingListener heard = new RecordingListener();
        try (Stream stream = ben.stream(heard)) {
            Conversation dm = ann.openDirect(ben.me().id());
            Message sent = ann.send(dm.id(), "are you there?");
            Event created = heard.awaitEvent(Event.MESSAGE_CREATED);
            assertThat(created.conversationId()).isEqualTo(dm.id());
            assertThat(created.message()).hasValueSatisfying(m -> {
                assertThat(m.id()).isEqualTo(sent.id());
                assertThat(m.text()).isEqualTo("are you there?");
            });
            assertThat(stream.lastToken()).contains(created.token());
        }
        SyncPage page = ben.sync(since);
        assertThat(page.events()).extracting(Event::type)
                .containsExactly(Event.CONVERSATION_CREATED, Event.MESSAGE_CREATED);
        assertThat(page.events().get(0).conversation()).hasValueSatisfying(c -> assertThat(c.kind()).isEqualTo("direct"));
        assertThat(page.next()).isEqualTo(page.events().get(1).token());
        assertThat(ben.sync(page.next()).events()).as("nothing twice").isEmpty();
    }

    @Test
    void sendTypingAndReadOverTheStream() {
        ParleyClient ann = person("ann");
        ParleyClient ben = person("ben");
        String start = ann.syncFromNow().next();
        Conversation dm = ann.openDirect(ben.me().id());
        RecordingListener annHears = new RecordingListener();
        RecordingListener benHears = new RecordingListener();
        try (Stream annStream = ann.stream(start, annHears)) {
            // The replayed event shows ann's stream is registered before ben comes online: a
            // socket still being registered misses a contact's presence (reported to the lead).
            annHears.awaitEvent(Event.CONVERSATION_CREATED);
            try (Stream benStream = ben.stream(benHears)) {
                assertThat(annHears.await(HeardPresence.class, p -> p.accountId().equals(ben.me().id())).online()).isTrue();

                String clientId = annStream.send(dm.id(), "typed on the socket");
                HeardSent ack = annHears.await(HeardSent.class);
                assertThat(ack.clientId()).isEqualTo(clientId);
                assertThat(ack.message().seq()).isEqualTo(1);
                assertThat(benHears.awaitEvent(Event.MESSAGE_CREATED).message().orElseThrow().clientId()).isEqualTo(clientId);

                benStream.typing(dm.id());
                HeardTyping typing = annHears.await(HeardTyping.class);
                assertThat(typing.conversationId()).isEqualTo(dm.id());
                assertThat(typing.accountId()).isEqualTo(ben.me().id());

                benStream.read(dm.id(), 1);
                Event read = annHears.awaitEvent(Event.READ_UPDATED);
                assertThat(read.seq()).isEqualTo(1);
                assertThat(ann.conversation(dm.id()).members()).filteredOn(m -> m.id().equals(ben.me().id()))
                        .extracting(Conversation.Member::readSeq).containsExactly(1L);

                String blank = annStream.send(dm.id(), Draft.of("   "));
                HeardError refused = annHears.await(HeardError.class);
                assertThat(refused.clientId()).contains(blank);
                assertThat(refused.problem().code()).isEqualTo("validation_failed");
            }
        }
        assertThat(ann.history(dm.id()).items()).extracting(Message::text).containsExactly("typed on the socket");
    }

    @Test
    void reconnectingFromLastTokenMissesNothingAndRepeatsNothing() {
        ParleyClient ann = person("ann");
        ParleyClient ben = person("ben");
        Conversation dm = ann.openDirect(ben.me().id());
        RecordingListener first = new RecordingListener();
        Stream stream = ben.stream(first);
        ann.send(dm.id(), "one");
        first.awaitEvent(Event.MESSAGE_CREATED);
        stream.close();
        assertThat(first.await(HeardClose.class).code()).isEqualTo(1000);
        assertThat(stream.isOpen()).isFalse();

        ann.send(dm.id(), "two");
        ann.send(dm.id(), "three");
        RecordingListener second = new RecordingListener();
        try (Stream resumed = ben.stream(stream.lastToken().orElseThrow(), second)) {
            ann.send(dm.id(), "four");
            List<String> texts = new ArrayList<>();
            for (Event e : second.awaitEvents(Event.MESSAGE_CREATED, 3)) {
                texts.add(e.message().orElseThrow().text());
            }
            assertThat(texts).containsExactly("two", "three", "four");
            assertThat(second.drain(Duration.ofMillis(300))).noneMatch(h -> h instanceof HeardEvent);
            assertThat(resumed.lastToken()).isPresent();
        }
    }

    @Test
    void anExpiredTokenIsASyncResetWithWhereToStartAgain() {
        ParleyClient ann = person("ann");
        ParleyException reset = catchThrowableOfType(ParleyException.class, () -> ann.sync("987654"));
        assertThat(reset.status()).isEqualTo(410);
        assertThat(reset.code()).isEqualTo("sync_reset");
        String next = reset.field("next").orElseThrow();
        assertThat(ann.sync(next).events()).isEmpty();

        RecordingListener heard = new RecordingListener();
        ann.stream("987654", heard);
        assertThat(heard.await(HeardError.class).problem().code()).isEqualTo("sync_reset");
        assertThat(heard.await(HeardClose.class).code()).isEqualTo(4410);

        // Not a token at all: the stream says the same, with where to start again.
        RecordingListener junk = new RecordingListener();
        ann.stream("zzz", junk);
        HeardError error = junk.await(HeardError.class);
        assertThat(error.problem().code()).isEqualTo("sync_reset");
        assertThat(error.problem().field("next")).contains(next);
        assertThat(junk.await(HeardClose.class).code()).isEqualTo(4410);
    }

    @Test
    void signingOutEndsTheStreamWith4401AndTheClientDoesNotReconnect() {
        ParleyClient ann = person("ann");
        ParleyClient ben = person("ben");
        Conversation dm = ann.openDirect(ben.me().id());
        RecordingListener heard = new RecordingListener();
        Stream stream = ben.stream(heard);
        ann.send(dm.id(), "live?");
        heard.awaitEvent(Event.MESSAGE_CREATED);
        ben.signOut();
        assertThat(heard.await(HeardClose.class).code()).isEqualTo(StreamClose.REVOKED);
        assertThat(stream.closeCode()).hasValue(4401);
        assertThat(stream.reconnectAllowed()).isFalse();
        assertThat(StreamClose.mayReconnect(StreamClose.OVER_CAP)).isFalse();
        assertThat(StreamClose.mayReconnect(StreamClose.GOING_AWAY)).isTrue();
    }

    @Test
    void changingThePasswordEndsTheOtherDevicesStream() {
        ParleyClient ann = person("ann");
        ParleyClient laptop = parley.as(parley.signIn(ann.me().handle(), ClientConversationTest.PW));
        RecordingListener heard = new RecordingListener();
        Stream stream = laptop.stream(heard);
        ann.changePassword(ClientConversationTest.PW, "an entirely new secret");
        assertThat(heard.await(HeardClose.class).code()).isEqualTo(StreamClose.REVOKED);
        assertThat(stream.reconnectAllowed()).isFalse();
        assertThat(ann.me().id()).isNotEmpty();
    }

    @Test
    void aStreamWithABadTokenIsRefusedAsUnauthorized() {
        ParleyException refused = catchThrowableOfType(ParleyException.class,
                () -> parley.withToken("not-a-token").stream("0", new RecordingListener()));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.code()).isEqualTo("unauthorized");
    }

    /** A browser cannot set headers on a WebSocket: it opens the stream once with a ticket. */
    @Test
    void aTicketOpensTheStreamOnceWithoutHeaders() {
        ParleyClient ann = person("ann");
        StreamTicket ticket = ann.streamTicket();
        assertThat(ticket.expiresAt()).isAfter(java.time.Instant.now());
        URI url = URI.create(NODE.node().wsUrl() + "?ticket=" + ticket.ticket());
        HttpClient http = HttpClient.newHttpClient();
        http.newWebSocketBuilder().buildAsync(url, new WebSocket.Listener() {}).join()
                .sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        CompletionException reused = catchThrowableOfType(CompletionException.class,
                () -> http.newWebSocketBuilder().buildAsync(url, new WebSocket.Listener() {}).join());
        assertThat(((WebSocketHandshakeException) reused.getCause()).getResponse().statusCode()).isEqualTo(401);
    }
}
