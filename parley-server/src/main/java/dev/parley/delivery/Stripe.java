package dev.parley.delivery;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One delivery thread, the one every account hashed to it uses ({@link Hub}), which writes its
 * frames to the sockets in batches: a frame sent on it waits in its socket's buffer, and the
 * socket is flushed once the thread has nothing more queued, or after
 * {@value #MOST_TASKS_UNFLUSHED} tasks, whichever comes first. So a socket that gets several
 * frames in a burst (a sender's acknowledgements and its own copies of a commit's messages, a
 * recipient's messages from one commit) takes them in one write instead of one each; a lone
 * frame goes out as soon as its task ends, as before.
 *
 * @implNote The sockets waiting for a flush are touched only on this thread, so they need no lock.
 */
final class Stripe extends ThreadPoolExecutor {
    /** Bounds how long a frame waits when tasks keep coming: a task takes microseconds. */
    static final int MOST_TASKS_UNFLUSHED = 32;

    private final Set<StreamSession> unflushed = new LinkedHashSet<>();
    private int tasksSinceFlush;

    Stripe(String name) {
        super(1, 1, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
        setThreadFactory(task -> {
            Thread t = new StripeThread(this, task, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** The stripe the calling thread runs, if it is a stripe's thread. */
    static Stripe current() {
        return Thread.currentThread() instanceof StripeThread t ? t.stripe : null;
    }

    /** Notes a socket holding a batched frame, to be flushed with the others. */
    void unflushed(StreamSession s) {
        unflushed.add(s);
    }

    @Override
    protected void afterExecute(Runnable task, Throwable failed) {
        if (unflushed.isEmpty()) {
            return;
        }
        if (++tasksSinceFlush >= MOST_TASKS_UNFLUSHED || getQueue().isEmpty()) {
            unflushed.forEach(StreamSession::flush);
            unflushed.clear();
            tasksSinceFlush = 0;
        }
    }

    private static final class StripeThread extends Thread {
        final Stripe stripe;

        StripeThread(Stripe stripe, Runnable task, String name) {
            super(task, name);
            this.stripe = stripe;
        }
    }
}
