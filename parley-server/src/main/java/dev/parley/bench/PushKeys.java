package dev.parley.bench;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One bench device's Web Push subscription keys, made by the bench as a browser makes them, and
 * the user agent's side of RFC 8291: the bench's push receiver decrypts each push with them to read
 * which message it announces. Written apart from the node's {@code push/WebPushCrypto} (the
 * sender's side), so a mistake there cannot hide behind the same mistake here.
 */
final class PushKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final KeyPair pair;
    private final byte[] publicPoint;

    private final byte[] auth;

    PushKeys() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            pair = gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no P-256 on this JVM", e);
        }
        publicPoint = point((ECPublicKey) pair.getPublic());
        auth = new byte[16];
        RANDOM.nextBytes(auth);
    }

    /** Given keys (RFC 8291's worked example in the tests): the private scalar, its point, the auth secret. */
    PushKeys(byte[] privateScalar, byte[] publicPoint, byte[] auth) throws GeneralSecurityException {
        KeyFactory ec = KeyFactory.getInstance("EC");
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        java.security.spec.ECParameterSpec p256 = ((ECPublicKey) gen.generateKeyPair().getPublic()).getParams();
        this.pair = new KeyPair(ec.generatePublic(new ECPublicKeySpec(new ECPoint(
                new BigInteger(1, Arrays.copyOfRange(publicPoint, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(publicPoint, 33, 65))), p256)),
                ec.generatePrivate(new java.security.spec.ECPrivateKeySpec(new BigInteger(1, privateScalar), p256)));
        this.publicPoint = publicPoint.clone();
        this.auth = auth.clone();
    }

    /** The subscription's {@code p256dh}: the uncompressed point, base64url. */
    String p256dh() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(publicPoint);
    }

    /** The subscription's {@code auth} secret, base64url. */
    String auth() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(auth);
    }

    /**
     * The plaintext of an aes128gcm body of one record (RFC 8188 header: salt 16, record size 4,
     * key id length 1, the sender's public point), with its padding removed.
     */
    byte[] decrypt(byte[] body) throws GeneralSecurityException {
        ByteBuffer b = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        b.get(salt);
        b.getInt(); // record size: one record is all a push holds
        byte[] asPublic = new byte[b.get() & 0xff];
        b.get(asPublic);
        byte[] sealed = new byte[b.remaining()];
        b.get(sealed);

        KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(pair.getPrivate());
        ecdh.doPhase(publicKey(asPublic), true);
        byte[] ecdhSecret = ecdh.generateSecret();
        byte[] prkKey = hmac(auth, ecdhSecret);
        byte[] ikm = hmac(prkKey, concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), publicPoint, asPublic,
                new byte[] {1}));
        byte[] prk = hmac(salt, ikm);
        byte[] cek = Arrays.copyOf(hmac(prk, "Content-Encoding: aes128gcm\0\1".getBytes(StandardCharsets.US_ASCII)), 16);
        byte[] nonce = Arrays.copyOf(hmac(prk, "Content-Encoding: nonce\0\1".getBytes(StandardCharsets.US_ASCII)), 12);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] record = gcm.doFinal(sealed);
        int end = record.length - 1;
        while (end >= 0 && record[end] == 0) {
            end--;
        }
        if (end < 0 || record[end] != 2) {
            throw new GeneralSecurityException("not the last record of a push (delimiter " + (end < 0 ? "missing" : record[end]) + ")");
        }
        return Arrays.copyOf(record, end);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    private static byte[] point(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        fixed32(key.getW().getAffineX(), out, 1);
        fixed32(key.getW().getAffineY(), out, 33);
        return out;
    }

    private static void fixed32(BigInteger v, byte[] out, int at) {
        byte[] raw = v.toByteArray(); // big-endian, maybe with a sign byte or shorter than 32
        int len = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - len, out, at + 32 - len, len);
    }

    private ECPublicKey publicKey(byte[] point) throws GeneralSecurityException {
        if (point.length != 65 || point[0] != 4) {
            throw new GeneralSecurityException("the sender's key is not an uncompressed P-256 point");
        }
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC")
                .generatePublic(new ECPublicKeySpec(w, ((ECPublicKey) pair.getPublic()).getParams()));
    }
}
