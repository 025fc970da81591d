package dev.parley.channels.x;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The delivery fixtures under {@code channels/x/}, and X's signature over bytes with the test secret. */
final class XFixtures {
    static final String SECRET = "test-consumer-secret";

    private XFixtures() {}

    static byte[] load(String name) {
        try (InputStream in = XFixtures.class.getResourceAsStream("/channels/x/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code sha256=} + base64 HMAC-SHA256, computed here independently of the connector's code. */
    static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
