package dev.parley.channels;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Meta's webhook bodies from {@code test/resources/channels/meta} (each names the documentation page
 * its shape follows in {@code _doc}), filled in and signed the way Meta signs them, with a test secret.
 */
public final class MetaFixtures {
    public static final String SECRET = "test-app-secret-0123456789";
    public static final String APP_ID = "1517776481860111";

    private MetaFixtures() {}

    /** The fixture with its placeholders filled: __PAGE__, __USER__, __MID__, __REF__, __TEXT__ (escaped), __TS__. */
    public static byte[] body(String name, Map<String, String> values) {
        String text;
        try (InputStream in = MetaFixtures.class.getResourceAsStream("/channels/meta/" + name + ".json")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> all = new LinkedHashMap<>(Map.of("__APP__", APP_ID, "__TS__", "1700000000000",
                "__TEXT__", "hello", "__MID__", "m_default", "__REF__", "m_ref"));
        all.putAll(values);
        for (Map.Entry<String, String> e : all.entrySet()) {
            String v = e.getKey().equals("__TEXT__") ? escape(e.getValue()) : e.getValue();
            text = text.replace(e.getKey(), v);
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code sha256=<hex>} of the bytes with the secret, as Meta's X-Hub-Signature-256. */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String escape(String s) {
        try {
            String quoted = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
            return quoted.substring(1, quoted.length() - 1);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
