package dev.parley.push;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.store.Database;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's VAPID identity (RFC 8292): one P-256 key pair for the whole cluster, made by whichever
 * node starts first and kept in the store, and the {@code Authorization: vapid t=…, k=…} header
 * for each push service, signed (ES256, Nimbus) once per origin and reused until near its expiry.
 */
final class Vapid {
    private static final String SELECT = "SELECT private_jwk FROM push_keys WHERE name = 'vapid'";
    /** A second node that made a key of its own at the same moment inserts nothing and reads the first's. */
    private static final String INSERT = "INSERT INTO push_keys (name, private_jwk, public_key, created_at) "
            + "VALUES ('vapid', ?, ?, ?) ON CONFLICT (name) DO NOTHING";
    /** RFC 8292 allows at most 24 h; push services refuse a token that runs longer. */
    static final Duration LIFETIME = Duration.ofHours(12);
    /** A cached token is replaced once less than this is left. */
    private static final Duration RENEW_BEFORE = Duration.ofHours(1);

    private record Token(String header, Instant expires) {}

    private final ECKey key;
    private final String publicKey;
    private final String subject;
    private final Clock clock;
    private final ECDSASigner signer;
    private final Map<String, Token> byOrigin = new ConcurrentHashMap<>();

    private Vapid(ECKey key, String subject, Clock clock) {
        this.key = key;
        this.subject = subject;
        this.clock = clock;
        try {
            this.publicKey = WebPushCrypto.base64url(WebPushCrypto.point(key.toECPublicKey()));
            this.signer = new ECDSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("the stored VAPID key is not a P-256 key pair", e);
        }
    }

    /** The cluster's key pair, made and stored now if no node made it before. */
    static Vapid load(Database db, String subject, Clock clock) {
        String stored = db.read(h -> h.createQuery(SELECT).mapTo(String.class).findOne()).orElseGet(() -> {
            ECKey fresh = generate();
            String point;
            try {
                point = WebPushCrypto.base64url(WebPushCrypto.point(fresh.toECPublicKey()));
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
            db.writeVoid(h -> h.execute(INSERT, fresh.toJSONString(), point, clock.millis()));
            return db.read(h -> h.createQuery(SELECT).mapTo(String.class).one());
        });
        try {
            return new Vapid(ECKey.parse(stored), subject, clock);
        } catch (ParseException e) {
            throw new IllegalStateException("the stored VAPID key cannot be read", e);
        }
    }

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot make a P-256 key pair", e);
        }
    }

    /** base64url of the uncompressed public point: the applicationServerKey a browser subscribes with. */
    String publicKey() {
        return publicKey;
    }

    /** The Authorization header for a push to {@code endpoint}: its audience is the endpoint's origin. */
    String header(URI endpoint) {
        String origin = endpoint.getScheme() + "://" + endpoint.getRawAuthority();
        Instant now = clock.instant();
        Token t = byOrigin.get(origin);
        if (t == null || !now.isBefore(t.expires().minus(RENEW_BEFORE))) {
            t = sign(origin, now.plus(LIFETIME));
            byOrigin.put(origin, t);
        }
        return t.header();
    }

    private Token sign(String audience, Instant expires) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().audience(audience)
                .expirationTime(Date.from(expires)).subject(subject).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a VAPID token", e);
        }
        return new Token("vapid t=" + jwt.serialize() + ", k=" + publicKey, expires);
    }
}
