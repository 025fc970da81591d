package dev.parley.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The node's start and stop order: parts start as registered and stop in reverse, whatever fails. */
@Tag("sqlite-only")
class LifecycleTest {
    private final List<String> log = new ArrayList<>();

    @Test
    void partsStartInOrderAndStopInReverseEvenWhenOneFailsToStop() {
        Lifecycle life = new Lifecycle();
        life.own("store", () -> log.add("stop store"));
        life.add("writer", () -> log.add("start writer"), () -> {
            log.add("stop writer");
            throw new IllegalStateException("stuck");
        });
        life.add("server", () -> log.add("start server"), () -> log.add("stop server"));

        life.start();
        life.close();
        life.close(); // a second close does nothing

        assertThat(log).containsExactly("start writer", "start server", "stop server", "stop writer", "stop store");
    }

    @Test
    void aPartThatFailsToStartStopsWhatWasBuiltAndTheErrorReachesTheCaller() {
        Lifecycle life = new Lifecycle();
        life.own("store", () -> log.add("stop store"));
        life.add("writer", () -> log.add("start writer"), () -> log.add("stop writer"));
        life.add("server", () -> {
            throw new IllegalArgumentException("port in use");
        }, () -> log.add("stop server"));

        assertThatThrownBy(life::start).isInstanceOf(IllegalArgumentException.class).hasMessage("port in use");
        assertThat(log).containsExactly("start writer", "stop server", "stop writer", "stop store");
    }

    @Test
    void daemonThreadsAreNamedForTheirFeature() {
        var factory = Threads.daemon("parley-test");
        Thread first = factory.newThread(() -> { });
        Thread second = factory.newThread(() -> { });

        assertThat(first.isDaemon()).isTrue();
        assertThat(first.getName()).isEqualTo("parley-test");
        assertThat(second.getName()).isEqualTo("parley-test-2");
    }
}
