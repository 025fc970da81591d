package dev.parley.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A push service for tests, on 127.0.0.1, speaking RFC 8030 as the node sees it: it checks each
 * push's VAPID token (RFC 8292: ES256 signature by the key in {@code k}, aud the origin, exp within
 * 24 h) and decrypts its payload (RFC 8291) with the private key of the subscription it was sent
 * to, as the browser would. The crypto here is written on its own from the RFCs, not borrowed from
 * the node. Answers are 201 unless a test queues others for a subscription.
 */
public final class PushService implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One push as it arrived: its headers (lower-case names), the decrypted JSON, and when. */
    public record Received(String subscription, Map<String, String> headers, JsonNode payload, long nanos, int answered) {}

    /** An answer to give: status and headers, after a pause (a slow push service). */
    public record Answer(int status, Map<String, String> headers, long delayMillis) {
        public Answer(int status, Map<String, String> headers) {
            this(status, headers, 0);
        }
    }

    private final HttpServer server;
    private final Map<String, Browser> browsers = new ConcurrentHashMap<>();
    private final Map<String, Queue<Answer>> scripted = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private volatile String expectedKey;

    public PushService() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/push/", this::handle);
        server.start();
    }

    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The VAPID key every push must be signed with (the node's, from GET /api/v1/push/vapid-public-key). */
    public void expectKey(String key) {
        this.expectedKey = key;
    }

    /** A browser subscribing: a fresh P-256 key pair and auth secret, and an endpoint here. */
    public Browser subscribe() {
        Browser b = new Browser(origin() + "/push/" + Long.toHexString(RANDOM.nextLong()));
        browsers.put(b.path(), b);
        return b;
    }

    /** The next answers for a subscription, in order; then 201 again. */
    public void answer(Browser b, Answer... answers) {
        scripted.computeIfAbsent(b.path(), k -> new ConcurrentLinkedQueue<>()).addAll(List.of(answers));
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> receivedBy(Browser b) {
        return received.stream().filter(r -> r.subscription().equals(b.path())).toList();
    }

    /** Whatever did not hold (a bad token, a payload that would not decrypt): a test expects none. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    private void handle(HttpExchange ex) throws IOException {
        long at = System.nanoTime();
        String path = ex.getRequestURI().getPath();
        Map<String, String> headers = ex.getRequestHeaders().entrySet().stream().collect(Collectors.toMap(
                e -> e.getKey().toLowerCase(Locale.ROOT), e -> e.getValue().get(0), (a, b) -> a));
        byte[] body = ex.getRequestBody().readAllBytes();
        Browser browser = browsers.get(path);
        int status;
        JsonNode payload = null;
        if (browser == null) {
            status = 404;
        } else {
            try {
                checkVapid(headers.get("authorization"));
                if (!"aes128gcm".equals(headers.get("content-encoding")) || headers.get("ttl") == null) {
                    throw new IllegalStateException("missing Content-Encoding aes128gcm or TTL: " + headers);
                }
                payload = JSON.readTree(browser.decrypt(body));
                Answer a = scripted.getOrDefault(path, new ConcurrentLinkedQueue<>()).poll();
                status = a == null ? 201 : a.status();
                if (a != null) {
                    a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
                    Thread.sleep(a.delayMillis());
                }
            } catch (Exception e) {
                problems.add(path + ": " + e);
                status = 400;
            }
        }
        received.add(new Received(path, headers, payload, at, status));
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    /** RFC 8292: {@code vapid t=JWT, k=key}, the JWT signed by that key, for this origin, not too long. */
    private void checkVapid(String authorization) throws Exception {
        if (authorization == null || !authorization.startsWith("vapid ")) {
            throw new IllegalStateException("no vapid Authorization: " + authorization);
        }
        Map<String, String> params = Arrays.stream(authorization.substring(6).split(","))
                .map(String::trim).map(p -> p.split("=", 2)).collect(Collectors.toMap(p -> p[0], p -> p[1]));
        String k = params.get("k");
        if (expectedKey != null && !expectedKey.equals(k)) {
            throw new IllegalStateException("signed with another key: " + k);
        }
        byte[] point = Base64.getUrlDecoder().decode(k);
        ECKey key = new ECKey.Builder(Curve.P_256, Base64URL.encode(Arrays.copyOfRange(point, 1, 33)),
                Base64URL.encode(Arrays.copyOfRange(point, 33, 65))).build();
        SignedJWT jwt = SignedJWT.parse(params.get("t"));
        if (!"ES256".equals(jwt.getHeader().getAlgorithm().getName()) || !jwt.verify(new ECDSAVerifier(key))) {
            throw new IllegalStateException("the VAPID signature does not verify");
        }
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        if (!claims.getAudience().equals(List.of(origin()))) {
            throw new IllegalStateException("aud is " + claims.getAudience() + ", not " + origin());
        }
        Instant exp = claims.getExpirationTime().toInstant();
        if (!exp.isAfter(Instant.now()) || exp.isAfter(Instant.now().plus(Duration.ofHours(24)))) {
            throw new IllegalStateException("exp is not within 24 h: " + exp);
        }
        String sub = claims.getSubject();
        if (sub == null || !(sub.startsWith("mailto:") || sub.startsWith("https:"))) {
            throw new IllegalStateException("sub is not a contact: " + sub);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A browser's side of a subscription: its keys, and decrypting what arrives for it. */
    public static final class Browser {
        private final String endpoint;
        private final KeyPair keys;
        private final byte[] auth = new byte[16];

        Browser(String endpoint) {
            this.endpoint = endpoint;
            try {
                KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
                gen.initialize(new ECGenParameterSpec("secp256r1"));
                keys = gen.generateKeyPair();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            RANDOM.nextBytes(auth);
        }

        public String endpoint() {
            return endpoint;
        }

        String path() {
            return endpoint.substring(endpoint.indexOf("/push/"));
        }

        public String p256dh() {
            return b64(point((ECPublicKey) keys.getPublic()));
        }

        public String auth() {
            return b64(auth);
        }

        /** The body of POST /api/v1/me/devices, as PushSubscription.toJSON() gives it. */
        public Map<String, Object> registration() {
            return Map.of("kind", "webpush", "subscription",
                    Map.of("endpoint", endpoint, "keys", Map.of("p256dh", p256dh(), "auth", auth())));
        }

        /** RFC 8291 §3.4 and RFC 8188, the receiving side. */
        byte[] decrypt(byte[] body) throws Exception {
            ByteBuffer in = ByteBuffer.wrap(body);
            byte[] salt = new byte[16];
            in.get(salt);
            int rs = in.getInt();
            byte[] asPublic = new byte[in.get() & 0xff];
            in.get(asPublic);
            byte[] sealed = new byte[in.remaining()];
            in.get(sealed);
            if (sealed.length > rs) {
                throw new IllegalStateException("more than one record");
            }
            ECPublicKey mine = (ECPublicKey) keys.getPublic();
            ECPublicKey theirs = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                    new ECPoint(new BigInteger(1, Arrays.copyOfRange(asPublic, 1, 33)),
                            new BigInteger(1, Arrays.copyOfRange(asPublic, 33, 65))), mine.getParams()));
            KeyAgreement ka = KeyAgreement.getInstance("ECDH");
            ka.init(keys.getPrivate());
            ka.doPhase(theirs, true);
            byte[] ecdh = ka.generateSecret();
            byte[] uaPublic = point(mine);
            byte[] keyInfo = ByteBuffer.allocate(14 + 65 + 65).put("WebPush: info\0".getBytes(StandardCharsets.US_ASCII))
                    .put(uaPublic).put(asPublic).array();
            byte[] ikm = expand(extract(auth, ecdh), keyInfo, 32);
            byte[] prk = extract(salt, ikm);
            byte[] cek = expand(prk, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
            byte[] nonce = expand(prk, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
            byte[] padded = c.doFinal(sealed);
            int end = padded.length - 1;
            while (end >= 0 && padded[end] == 0) {
                end--;
            }
            if (end < 0 || padded[end] != 2) {
                throw new IllegalStateException("no last-record delimiter");
            }
            return Arrays.copyOf(padded, end);
        }

        private static byte[] extract(byte[] salt, byte[] ikm) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt, "HmacSHA256"));
            return mac.doFinal(ikm);
        }

        private static byte[] expand(byte[] prk, byte[] info, int length) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            mac.update(info);
            mac.update((byte) 1);
            return Arrays.copyOf(mac.doFinal(), length);
        }

        private static byte[] point(ECPublicKey k) {
            byte[] out = new byte[65];
            out[0] = 4;
            put(k.getW().getAffineX(), out, 1);
            put(k.getW().getAffineY(), out, 33);
            return out;
        }

        private static void put(BigInteger v, byte[] out, int at) {
            byte[] b = v.toByteArray();
            int n = Math.min(b.length, 32);
            System.arraycopy(b, b.length - n, out, at + 32 - n, n);
        }

        private static String b64(byte[] b) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        }
    }
}
