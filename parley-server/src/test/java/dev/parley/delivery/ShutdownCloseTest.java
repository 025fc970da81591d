package dev.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api.Person;
import dev.parley.testing.Socket;
import dev.parley.testing.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A node that stops says so: every open stream hears 1001 ("reconnect, to another node"), not the
 * 1006 of a crash, which it heard when the HTTP server stopped before the close frames left.
 */
@Tag("sqlite-only") // the HTTP layer's shutdown, whatever the store
class ShutdownCloseTest {
    @Test
    void everyOpenStreamHearsGoingAwayWhenTheNodeStops() {
        TestNode node = TestNode.start(Map.of());
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Person p = node.api.signUp("stopping_" + i);
                sockets.add(Socket.open(node, p.token()));
            }
        } finally {
            node.close();
        }
        for (Socket s : sockets) {
            assertThat(s.awaitClose(Duration.ofSeconds(10))).isEqualTo(1001);
        }
    }
}
