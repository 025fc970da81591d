package dev.parley.push;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sending side's P-256 key pair for RFC 8291, made anew every {@link #LIFETIME} rather than
 * for every push, with each subscription's key agreement kept while the pair lives.
 *
 * <p>Why: the key agreement and the key pair were three P-256 multiplications a push, most of the
 * push path's CPU (issue 17: a fifth of a loaded node's sampled CPU at 38 pushes/s). What changes
 * for the browser: nothing (it reads the key from each push's header). What changes for secrecy:
 * every push still has its own random salt, so its content key and nonce are its own (RFC 8188
 * asks exactly that of a reused key); the private key lives in memory for a minute instead of a
 * moment, on a node that holds the pushes' plaintext anyway; the push service sees one key across
 * that minute's pushes, which tells it nothing the VAPID key in every request does not.
 */
final class SenderKeys {
    /** How long one key pair serves; never written anywhere. */
    static final Duration LIFETIME = Duration.ofMinutes(1);
    /** Subscriptions whose agreement is kept per key pair; past this a push computes its own. */
    static final int MAX_KEPT = 50_000;

    private record Pair(KeyPair keys, byte[] point, Instant until, Map<String, byte[]> agreed) {}

    private final Clock clock;
    private volatile Pair current;

    SenderKeys(Clock clock) {
        this.clock = clock;
    }

    /**
     * The body of one push for the subscription ({@code p256dh} and {@code auth} as the browser gave
     * them, base64url).
     *
     * @throws IllegalArgumentException when p256dh is not a point on P-256
     */
    byte[] encrypt(String p256dh, String auth, byte[] plaintext) {
        Pair pair = pair();
        String subscription = p256dh + "." + auth;
        try {
            byte[] ikm = pair.agreed().get(subscription);
            if (ikm == null) {
                ikm = WebPushCrypto.ikm(WebPushCrypto.unbase64url(p256dh), WebPushCrypto.unbase64url(auth), pair.keys());
                if (pair.agreed().size() < MAX_KEPT) {
                    pair.agreed().put(subscription, ikm);
                }
            }
            return WebPushCrypto.seal(ikm, pair.point(), plaintext, WebPushCrypto.salt(), WebPushCrypto.PAD_TO);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Web Push encryption failed", e);
        }
    }

    /** The pair in use, a new one once its minute is over (two threads may both make one; one wins). */
    private Pair pair() {
        Instant now = clock.instant();
        Pair p = current;
        if (p == null || !now.isBefore(p.until())) {
            KeyPair keys = WebPushCrypto.keyPair();
            p = new Pair(keys, WebPushCrypto.point((ECPublicKey) keys.getPublic()), now.plus(LIFETIME),
                    new ConcurrentHashMap<>());
            current = p;
        }
        return p;
    }
}
