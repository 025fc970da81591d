package dev.parley.safety;

/**
 * Failed attempts counted under a key, with a lock that grows while they go on. The same rules
 * hold in memory ({@link LocalFailureLedger}) and in Redis ({@link RedisFailureLedger}).
 *
 * <p>An attempt is counted when it starts, before the password is checked, so that many attempts
 * sent at once cannot all slip through before the first failure is written; a success then
 * {@linkplain #forgive forgives} it.
 */
interface FailureLedger {
    /**
     * How failures under a key are judged.
     *
     * @param threshold the failure that starts a lock (the 5th, say)
     * @param windowMillis failures are forgotten once this long has passed since the first one and
     *     since the last lock ended
     * @param firstLockMillis the first lock; each failure after a lock doubles it
     * @param maxLockMillis the longest lock
     */
    record Policy(int threshold, long windowMillis, long firstLockMillis, long maxLockMillis) {
        long lock(long failures) {
            int doublings = (int) Math.min(40, failures - threshold);
            return Math.min(maxLockMillis, firstLockMillis << doublings);
        }
    }

    /**
     * Counts an attempt under the key, unless the key is locked.
     *
     * @return 0 if counted (the caller may go on), else the milliseconds the lock has left
     */
    long attempt(String key, Policy policy, long nowMillis);

    /** Takes back an attempt that succeeded; a lock it started is lifted. */
    void forgive(String key, Policy policy, long nowMillis);

    /** Forgets the key entirely (a success under an account resets its count). */
    void clear(String key);

    /** The state under one key; {@code lockedUntil} 0 if it was never locked in this window. */
    record State(long failures, long first, long lockedUntil) {
        static final State NONE = new State(0, 0, 0);

        boolean stale(Policy p, long now) {
            return now >= first + p.windowMillis() && (lockedUntil == 0 || now >= lockedUntil + p.windowMillis());
        }

        long expiresAt(Policy p) {
            return Math.max(first, lockedUntil) + p.windowMillis();
        }

        /** The state after one more attempt (the caller checked it is not locked). */
        State counted(Policy p, long now) {
            State s = failures == 0 || stale(p, now) ? new State(0, now, 0) : this;
            long n = s.failures + 1;
            return new State(n, s.first, n >= p.threshold() ? now + p.lock(n) : s.lockedUntil);
        }

        /** The state after taking back one attempt that turned out a success. */
        State forgiven(Policy p, long now) {
            long n = Math.max(0, failures - 1);
            // A lock still running was started by this very attempt (a locked key counts nothing).
            long until = lockedUntil > now ? (n >= p.threshold() ? now : 0) : lockedUntil;
            return new State(n, first, until);
        }
    }
}
