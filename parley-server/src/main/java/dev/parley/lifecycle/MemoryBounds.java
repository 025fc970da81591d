package dev.parley.lifecycle;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory a node is launched with. Left to itself the JVM takes a quarter of the machine's RAM
 * for its heap and as much again for direct buffers, and a node under load fills what it is given
 * (5.6 GB resident on a 24 GB machine, issue 22), so the README's command and the bench's spawned
 * nodes launch with {@link #FLAGS}; a node started without a heap bound says so at start.
 */
public final class MemoryBounds {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryBounds.class);

    /**
     * The documented launch: a 512 MB heap (a loaded node's live set is under 200 MB; the rest is
     * room for short collections) and 256 MB of direct buffers (Jetty's network buffers), which keeps
     * a node under 1 GB resident.
     */
    public static final List<String> FLAGS = List.of("-Xmx512m", "-XX:MaxDirectMemorySize=256m");

    private MemoryBounds() {}

    /** Logs the bounds in force; warns when the heap's was left to the JVM. */
    public static void report() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        long heapMb = Runtime.getRuntime().maxMemory() >> 20;
        boolean bounded = args.stream().anyMatch(a -> a.startsWith("-Xmx") || a.startsWith("-XX:MaxHeapSize")
                || a.startsWith("-XX:MaxRAMPercentage") || a.startsWith("-XX:MaxRAM="));
        if (bounded) {
            LOG.info("heap bound {} MB", heapMb);
        } else {
            LOG.warn("no heap bound was given, so the JVM took {} MB (a quarter of this machine's memory) and a "
                    + "node under load will fill it; launch with {} as the README shows", heapMb, String.join(" ", FLAGS));
        }
    }
}
