package dev.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What one node tells the others over Redis comes out the same on the other side. */
@Tag("store-free")
class SignalCodecTest {

    private static Event event(String account, long token, String conversation, String data) {
        return new Event(account, token, "message.created", conversation, conversation == null ? null : token,
                Instant.parse("2026-11-27T10:00:00.123Z"), data);
    }

    @Test
    void newEventsCarryTheEventsThemselves() throws Exception {
        List<Event> events = List.of(event("a-1", 41, "c-1", "{\"message\":{\"text\":\"hé \\\"there\\\"\"}}"),
                event("a-2", 7, null, null));
        Broadcast.Signal back = RedisBroadcast.decode(RedisBroadcast.encode(
                new Broadcast.NewEvents("n1", List.of("a-1", "a-2"), events)));
        assertThat(back).isInstanceOf(Broadcast.NewEvents.class);
        Broadcast.NewEvents n = (Broadcast.NewEvents) back;
        assertThat(n.node()).isEqualTo("n1");
        assertThat(n.accountIds()).containsExactly("a-1", "a-2");
        assertThat(n.events()).containsExactlyElementsOf(events);
    }

    @Test
    void tooManyEventsToCarryLeaveANudgeThatSendsNodesToTheStore() throws Exception {
        List<Event> events = new ArrayList<>();
        String big = "{\"text\":\"" + "x".repeat(10_000) + "\"}";
        for (int i = 1; i <= 40; i++) {
            events.add(event("a-1", i, "c-1", big));
        }
        Broadcast.NewEvents n = (Broadcast.NewEvents) RedisBroadcast.decode(RedisBroadcast.encode(
                new Broadcast.NewEvents("n1", List.of("a-1"), events)));
        assertThat(n.accountIds()).containsExactly("a-1");
        assertThat(n.events()).isEmpty();
    }

    @Test
    void theOtherSignalsRoundTrip() throws Exception {
        assertThat(RedisBroadcast.decode(RedisBroadcast.encode(new Broadcast.Unseated("n2", "b-1", "p-1"))))
                .isEqualTo(new Broadcast.Unseated("n2", "b-1", "p-1"));
        assertThat(RedisBroadcast.decode(RedisBroadcast.encode(new Broadcast.BlocksChanged("n2", "a-1"))))
                .isEqualTo(new Broadcast.BlocksChanged("n2", "a-1"));
        assertThat(RedisBroadcast.encode(new Broadcast.BlocksChanged("n2", "a-1"))).doesNotContain("token_hash");
        assertThat(RedisBroadcast.decode(RedisBroadcast.encode(new Broadcast.AppsChanged("admin-cli"))))
                .isEqualTo(new Broadcast.AppsChanged("admin-cli"));
        // What a node of the previous release sends when blocks change is still understood.
        assertThat(RedisBroadcast.decode("{\"node\":\"old\",\"type\":\"revoked\",\"token_hash\":null,\"account\":\"a-7\"}"))
                .isEqualTo(new Broadcast.BlocksChanged("old", "a-7"));
        for (Broadcast.Signal s : List.of(new Broadcast.AccessRevoked("n2", "h", null, null),
                new Broadcast.AccessRevoked("n2", null, "a-1", null),
                new Broadcast.AccessRevoked("n2", null, "a-1", 1_764_000_000_123L),
                new Broadcast.CloseSockets("n2", List.of("n1/s-1", "n2/s-9"), 4429))) {
            assertThat(RedisBroadcast.decode(RedisBroadcast.encode(s))).isEqualTo(s);
        }
    }
}
