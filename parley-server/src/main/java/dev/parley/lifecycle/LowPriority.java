package dev.parley.lifecycle;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the calling thread's CPU priority to the least (nice 19) where the OS allows one thread
 * to differ from the others: Linux, whose {@code setpriority(PRIO_PROCESS, tid, …)} takes a
 * thread's id. Java's own {@code Thread.setPriority} does nothing there without root and a JVM
 * flag. A thread so lowered runs when nothing at normal priority wants the core, which is what
 * background work beside message delivery should do. Elsewhere (macOS) it is a no-op that says so once.
 */
public final class LowPriority {
    private static final Logger LOG = LoggerFactory.getLogger(LowPriority.class);
    private static final int PRIO_PROCESS = 0;
    private static final int LEAST = 19;

    private LowPriority() {}

    /** The two libc calls it needs, loaded on first use. */
    interface LibC extends Library {
        int gettid();

        int setpriority(int which, int who, int prio);
    }

    private static final class Holder {
        static final LibC LIBC = load();

        private static LibC load() {
            try {
                return Native.load("c", LibC.class);
            } catch (LinkageError e) {
                return null;
            }
        }
    }

    /** @return true when the calling thread now runs at the least priority */
    public static boolean lowerThisThread() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(java.util.Locale.ROOT).contains("linux") || Holder.LIBC == null) {
            LOG.info("{} runs at normal priority: this OS has no per-thread priority Parley can set",
                    Thread.currentThread().getName());
            return false;
        }
        try {
            int tid = Holder.LIBC.gettid();
            if (Holder.LIBC.setpriority(PRIO_PROCESS, tid, LEAST) != 0) {
                LOG.info("{} runs at normal priority: setpriority refused (errno {})",
                        Thread.currentThread().getName(), Native.getLastError());
                return false;
            }
            return true;
        } catch (LinkageError e) {
            LOG.info("{} runs at normal priority: {}", Thread.currentThread().getName(), e.toString());
            return false;
        }
    }

    /** The calling thread's nice value as Linux reports it (for tests), or empty elsewhere. */
    public static java.util.OptionalInt niceOfThisThread() {
        try {
            String tid = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/thread-self"))
                    .getFileName().toString();
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/task", tid, "stat"));
            // Fields after the command name in parentheses: state is field 3, nice is field 19.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return java.util.OptionalInt.of(Integer.parseInt(f[16]));
        } catch (java.io.IOException | RuntimeException e) {
            return java.util.OptionalInt.empty();
        }
    }
}
