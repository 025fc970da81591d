package dev.parley.safety;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per failed or refused sign-in, naming the account and the address (never the
 * password), at most 60 a minute: a guessing run must not fill the disk. Lines over the limit are
 * counted, and the next line written says how many were left out.
 */
final class FailureLog {
    private static final Logger LOG = LoggerFactory.getLogger("dev.parley.signin");

    private final Bucket lines = Bucket.builder().addLimit(Bandwidth.builder()
            .capacity(60).refillGreedy(60, Duration.ofMinutes(1)).build()).build();
    private final AtomicLong skipped = new AtomicLong();

    void failed(String account, String address) {
        if (lines.tryConsume(1)) {
            LOG.warn("sign-in failed: account={} address={}{}", account, address, skippedNote());
        } else {
            skipped.incrementAndGet();
        }
    }

    void refused(String account, String address, long waitMillis) {
        if (lines.tryConsume(1)) {
            LOG.warn("sign-in refused, too many failures: account={} address={} locked_for={}s{}", account, address,
                    (waitMillis + 999) / 1000, skippedNote());
        } else {
            skipped.incrementAndGet();
        }
    }

    private String skippedNote() {
        long n = skipped.getAndSet(0);
        return n == 0 ? "" : " (" + n + " more sign-in lines left out over the log limit)";
    }
}
