package dev.parley.safety;

import dev.parley.cluster.Redis;
import dev.parley.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Slows password guessing. Failed sign-ins are counted per (account, address) and per address,
 * across the cluster: the 5th failure (auth.sign_in_max_failures) in 15 minutes for one account
 * from one address locks that pair for a minute, and each failure after a lock doubles it, up to
 * 15 minutes; 100 failures (auth.sign_in_address_max_failures) in an hour from one address lock
 * the address. The account as a whole is never locked, so an attacker
 * cannot lock its owner out: the owner signing in from anywhere else is not slowed.
 *
 * <p>It holds even with {@code rate_limits=off}, which is for load tests and must not open the door
 * to guessing. A locked attempt is answered 429 {@code too_many_sign_in_attempts} with Retry-After
 * before the password is looked at, the same for a handle that exists and one that does not.
 */
public final class SignInThrottle {
    /** How many failures lock: per (account, address) in 15 minutes, and per address in an hour. */
    public record Thresholds(int perAccountAndAddress, int perAddress) {
        public static final Thresholds DEFAULT = new Thresholds(5, 100);
    }
    private static final Pattern PLAIN_HANDLE = Pattern.compile("[a-z0-9_]{1,40}");
    /** A password check behind a token (a password change, an erasure) that failed: a guess like a 401. */
    private static final String WRONG_PASSWORD = "wrong_password";
    private static final String SUSPENDED = "suspended";

    private final FailureLedger ledger;
    private final Clock clock;
    private final FailureLog log = new FailureLog();
    private final FailureLedger.Policy perAccountAndAddress;
    private final FailureLedger.Policy perAddress;

    private SignInThrottle(FailureLedger ledger, Clock clock, Thresholds limits) {
        this.ledger = ledger;
        this.clock = clock;
        this.perAccountAndAddress = new FailureLedger.Policy(limits.perAccountAndAddress(),
                15 * 60_000L, 60_000L, 15 * 60_000L);
        this.perAddress = new FailureLedger.Policy(limits.perAddress(), 60 * 60_000L, 15 * 60_000L, 60 * 60_000L);
    }

    /** One node: failures are counted in memory. */
    public static SignInThrottle local(Clock clock) {
        return local(clock, Thresholds.DEFAULT);
    }

    public static SignInThrottle local(Clock clock, Thresholds limits) {
        return new SignInThrottle(new LocalFailureLedger(), clock, limits);
    }

    /** A cluster: failures are counted in Redis, shared by every node. */
    public static SignInThrottle shared(Redis redis, Clock clock, Thresholds limits) {
        return new SignInThrottle(new RedisFailureLedger(redis), clock, limits);
    }

    /**
     * Runs a sign-in for a handle from an address, unless either is locked; also each check of the
     * account's password behind a token (a password change, an erasure), so that a token's holder
     * cannot guess the password unslowed. A 401 or a 403 {@code wrong_password} counts as a failure;
     * a result or a 403 {@code suspended} means the password was right; any other refusal came
     * before a password was checked and counts as neither.
     */
    public <T> T attempt(String handleRaw, String address, Supplier<T> signIn) {
        if (handleRaw == null) {
            return signIn.get(); // refused as incomplete: not a guess
        }
        String account = accountKey(handleRaw);
        String addressKey = "addr:" + address;
        String pairKey = "pair:" + account + "|" + address;
        long now = clock.millis();
        long wait = ledger.attempt(addressKey, perAddress, now);
        if (wait == 0) {
            wait = ledger.attempt(pairKey, perAccountAndAddress, now);
            if (wait > 0) {
                ledger.forgive(addressKey, perAddress, now); // not tried: this one does not count
            }
        }
        if (wait > 0) {
            log.refused(account, address, wait);
            throw tooMany(wait);
        }
        try {
            T result = signIn.get();
            succeeded(addressKey, pairKey, now);
            return result;
        } catch (ApiException e) {
            if (e.status() == 401 || WRONG_PASSWORD.equals(e.code())) {
                log.failed(account, address);
            } else if (SUSPENDED.equals(e.code())) {
                succeeded(addressKey, pairKey, now); // the password was right
            } else {
                // Refused before any password was checked (no password given, a new one that breaks
                // the rules): it proves nothing, so it neither counts nor wipes the failures before it.
                ledger.forgive(addressKey, perAddress, now);
                ledger.forgive(pairKey, perAccountAndAddress, now);
            }
            throw e;
        }
    }

    private void succeeded(String addressKey, String pairKey, long now) {
        ledger.forgive(addressKey, perAddress, now);
        ledger.clear(pairKey);
    }

    static ApiException tooMany(long waitMillis) {
        long seconds = Math.max(1, (waitMillis + 999) / 1000);
        return new ApiException(429, "too_many_sign_in_attempts", "Too many sign-in attempts",
                "Too many failed sign-ins from here; try again in " + seconds + " s.",
                Map.of("retry_after", seconds));
    }

    /**
     * The account a handle names, as the key counts it and the log shows it: handles are lower case
     * and short; anything else (it names no account, but is still counted) is hashed, so neither a
     * huge body nor a forged line can reach the log or Redis.
     */
    static String accountKey(String handleRaw) {
        String h = handleRaw.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("@")) {
            h = h.substring(1);
        }
        if (PLAIN_HANDLE.matcher(h).matches()) {
            return h;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(h.getBytes(StandardCharsets.UTF_8));
            return "#" + HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
