package dev.parley.lifecycle;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the calling thread's CPU priority to the least where the OS allows one thread to differ
 * from the others: Linux, whose {@code setpriority(PRIO_PROCESS, tid, …)} and
 * {@code sched_setscheduler(tid, …)} take a thread's id. Java's own {@code Thread.setPriority}
 * does nothing there without root and a JVM flag.
 *
 * <p>Two steps, because nice 19 alone was not enough (issue 18: text kept 0.63 of its rate beside
 * uploads): a nice-19 thread still holds a core for its time slice when a sending thread wakes, and
 * a closed loop of sends wakes threads constantly. {@code SCHED_IDLE} is the scheduler's own class
 * for "only when the core would otherwise idle": a waking normal thread preempts it at once. Any
 * process may move its own threads into it (no privilege); where a sandbox refuses the call, the
 * thread keeps nice 19. Elsewhere (macOS) both are a no-op that says so once.
 */
public final class LowPriority {
    private static final Logger LOG = LoggerFactory.getLogger(LowPriority.class);
    private static final int PRIO_PROCESS = 0;
    private static final int LEAST = 19;
    /** Linux's {@code SCHED_IDLE} policy (sched.h). */
    private static final int SCHED_IDLE = 5;

    private LowPriority() {}

    /** The two libc calls it needs, loaded on first use. */
    interface LibC extends Library {
        int gettid();

        int setpriority(int which, int who, int prio);

        /** {@code param} is {@code struct sched_param}, whose only field is an int priority (0 for SCHED_IDLE). */
        int sched_setscheduler(int pid, int policy, int[] param);
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
            if (Holder.LIBC.sched_setscheduler(tid, SCHED_IDLE, new int[] {0}) != 0) {
                LOG.info("{} runs at nice {} but not in the idle class: sched_setscheduler refused (errno {})",
                        Thread.currentThread().getName(), LEAST, Native.getLastError());
            }
            return true;
        } catch (LinkageError e) {
            LOG.info("{} runs at normal priority: {}", Thread.currentThread().getName(), e.toString());
            return false;
        }
    }

    /** The calling thread's nice value as Linux reports it (for tests), or empty elsewhere. */
    public static java.util.OptionalInt niceOfThisThread() {
        return statField(19);
    }

    /** Whether Linux runs the calling thread in the idle scheduling class (for tests). */
    public static boolean idleClassForThisThread() {
        return statField(41).orElse(-1) == SCHED_IDLE;
    }

    /** Field {@code n} (1-based, as proc(5) numbers them) of the calling thread's stat line. */
    private static java.util.OptionalInt statField(int n) {
        try {
            String tid = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/thread-self"))
                    .getFileName().toString();
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/task", tid, "stat"));
            // Fields after the command name in parentheses start at field 3 (the state).
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return java.util.OptionalInt.of(Integer.parseInt(f[n - 3]));
        } catch (java.io.IOException | RuntimeException e) {
            return java.util.OptionalInt.empty();
        }
    }
}
