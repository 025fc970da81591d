package dev.parley.lifecycle;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one way Parley makes its background threads: daemon threads (a node that failed to close
 * must not keep the JVM alive) with a name that says which feature they serve in a thread dump.
 */
public final class Threads {
    private Threads() {}

    /**
     * Threads named {@code name}; a factory asked for more than one numbers the later ones
     * ({@code name-2}, {@code name-3}, …) so each stays distinct in a dump.
     */
    public static ThreadFactory daemon(String name) {
        AtomicInteger made = new AtomicInteger();
        return task -> {
            int n = made.incrementAndGet();
            Thread t = new Thread(task, n == 1 ? name : name + "-" + n);
            t.setDaemon(true);
            return t;
        };
    }
}
