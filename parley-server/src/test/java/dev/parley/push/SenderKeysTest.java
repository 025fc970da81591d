package dev.parley.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** One sending key pair a minute: every push still decrypts, and no two pushes share a content key. */
@Tag("store-free")
class SenderKeysTest {
    private final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
    private final SenderKeys keys = new SenderKeys(clock);

    @Test
    void pushesWithinTheMinuteShareTheKeyButNeverTheSaltAndEachDecrypts() throws Exception {
        PushService.Browser ann = new PushService.Browser("http://127.0.0.1/push/ann");
        byte[] first = keys.encrypt(ann.p256dh(), ann.auth(), bytes("see you at 8"));
        byte[] second = keys.encrypt(ann.p256dh(), ann.auth(), bytes("see you at 8"));

        assertThat(new String(ann.decrypt(first), StandardCharsets.UTF_8)).isEqualTo("see you at 8");
        assertThat(new String(ann.decrypt(second), StandardCharsets.UTF_8)).isEqualTo("see you at 8");
        assertThat(keyId(second)).isEqualTo(keyId(first));
        assertThat(salt(second)).isNotEqualTo(salt(first));
        // The same text under the same key pair: a fresh salt gives another content key, so other bytes.
        assertThat(Arrays.copyOfRange(second, 86, second.length)).isNotEqualTo(Arrays.copyOfRange(first, 86, first.length));
    }

    @Test
    void aNewKeyPairServesOnceTheMinuteIsOver() throws Exception {
        PushService.Browser ann = new PushService.Browser("http://127.0.0.1/push/ann");
        byte[] before = keys.encrypt(ann.p256dh(), ann.auth(), bytes("one"));
        clock.advance(SenderKeys.LIFETIME.minus(Duration.ofSeconds(1)));
        assertThat(keyId(keys.encrypt(ann.p256dh(), ann.auth(), bytes("two")))).isEqualTo(keyId(before));
        clock.advance(Duration.ofSeconds(1));
        byte[] after = keys.encrypt(ann.p256dh(), ann.auth(), bytes("three"));

        assertThat(keyId(after)).isNotEqualTo(keyId(before));
        assertThat(new String(ann.decrypt(after), StandardCharsets.UTF_8)).isEqualTo("three");
    }

    @Test
    void aPushForOneBrowserCannotBeReadByAnotherUnderTheSameKeyPair() throws Exception {
        PushService.Browser ann = new PushService.Browser("http://127.0.0.1/push/ann");
        PushService.Browser bob = new PushService.Browser("http://127.0.0.1/push/bob");
        byte[] forBob = keys.encrypt(bob.p256dh(), bob.auth(), bytes("for bob only"));
        keys.encrypt(ann.p256dh(), ann.auth(), bytes("for ann"));

        assertThat(new String(bob.decrypt(forBob), StandardCharsets.UTF_8)).isEqualTo("for bob only");
        assertThatThrownBy(() -> ann.decrypt(forBob)).isInstanceOf(javax.crypto.AEADBadTagException.class);
    }

    @Test
    void aSubscriptionKeyOffTheCurveIsRefused() {
        PushService.Browser ann = new PushService.Browser("http://127.0.0.1/push/ann");
        byte[] point = WebPushCrypto.unbase64url(ann.p256dh());
        point[64] ^= 1;
        assertThatThrownBy(() -> keys.encrypt(WebPushCrypto.base64url(point), ann.auth(), bytes("x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] salt(byte[] body) {
        return Arrays.copyOfRange(body, 0, 16);
    }

    /** The sender's public key in the aes128gcm header: after the salt, record size and its length. */
    private static byte[] keyId(byte[] body) {
        return Arrays.copyOfRange(body, 21, 86);
    }
}
