package dev.parley.push;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Web Push message encryption, RFC 8291 ({@code aes128gcm}, RFC 8188), on the JDK's own P-256
 * ECDH, HMAC-SHA-256 and AES-GCM: a fresh salt per message, one record. The two halves are apart:
 * {@link #ikm} (the P-256 work: the key agreement and the auth secret mixed in) and {@link #seal}
 * (HMACs and AES-GCM), so {@link SenderKeys} can keep the first for a minute.
 */
final class WebPushCrypto {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ECParameterSpec P256 = p256();
    /** y² = x³ − 3x + b over p: the P-256 curve, to refuse a point that is not on it. */
    private static final BigInteger P = P256.getCurve().getField() instanceof java.security.spec.ECFieldFp f ? f.getP() : null;
    private static final BigInteger A = P256.getCurve().getA();
    private static final BigInteger B = P256.getCurve().getB();
    static final int RECORD_SIZE = 4096;
    /** Plaintext is padded to a multiple of this, so the push service learns less about the text's length. */
    static final int PAD_TO = 64;

    private WebPushCrypto() {}

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            return params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no P-256", e);
        }
    }

    static byte[] unbase64url(String s) {
        return Base64.getUrlDecoder().decode(s.replace("=", ""));
    }

    static String base64url(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** An uncompressed P-256 point (65 bytes, 0x04 ‖ x ‖ y) as a public key, if it is one on the curve. */
    static Optional<ECPublicKey> publicKey(byte[] point) {
        if (point.length != 65 || point[0] != 4) {
            return Optional.empty();
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 33));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 33, 65));
        if (x.compareTo(P) >= 0 || y.compareTo(P) >= 0
                || !y.multiply(y).mod(P).equals(x.pow(3).add(A.multiply(x)).add(B).mod(P))) {
            return Optional.empty();
        }
        try {
            return Optional.of((ECPublicKey) KeyFactory.getInstance("EC")
                    .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), P256)));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /** The uncompressed form (0x04 ‖ x ‖ y) of a P-256 public key. */
    static byte[] point(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        copy32(key.getW().getAffineX(), out, 1);
        copy32(key.getW().getAffineY(), out, 33);
        return out;
    }

    private static void copy32(BigInteger v, byte[] out, int at) {
        byte[] b = v.toByteArray(); // big-endian, perhaps with a leading zero or shorter than 32
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, at + 32 - n, n);
    }

    /**
     * The input keying material of RFC 8291 §3.3 for one (application server key pair, subscription):
     * the ECDH secret with the subscription's auth secret and both public keys mixed in.
     *
     * @param uaPublic the subscription's p256dh (65 bytes); refused unless a point on P-256
     * @param authSecret the subscription's auth (16 bytes)
     */
    static byte[] ikm(byte[] uaPublic, byte[] authSecret, KeyPair as) throws GeneralSecurityException {
        ECPublicKey ua = publicKey(uaPublic).orElseThrow(() -> new IllegalArgumentException("not a P-256 point"));
        KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(as.getPrivate());
        ecdh.doPhase(ua, true);
        byte[] ecdhSecret = ecdh.generateSecret();
        byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), uaPublic,
                point((ECPublicKey) as.getPublic()));
        return hkdf(authSecret, ecdhSecret, keyInfo, 32);
    }

    /** The same for a message: the RFC's worked example fixes the sender's key pair and the salt. */
    static byte[] seal(byte[] uaPublic, byte[] authSecret, byte[] plaintext, KeyPair as, byte[] salt, int padTo)
            throws GeneralSecurityException {
        return seal(ikm(uaPublic, authSecret, as), point((ECPublicKey) as.getPublic()), plaintext, salt, padTo);
    }

    /**
     * The body of one push: the aes128gcm header (salt, record size, the sender's public key) and
     * one record holding {@code plaintext}, padded. The salt must never repeat for one {@code ikm}:
     * it alone makes the content key and nonce differ from every other push's.
     */
    static byte[] seal(byte[] ikm, byte[] asPublic, byte[] plaintext, byte[] salt, int padTo)
            throws GeneralSecurityException {
        byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
        byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);

        int padded = ((plaintext.length + 1 + padTo - 1) / padTo) * padTo;
        if (padded + 16 > RECORD_SIZE) {
            throw new IllegalArgumentException("a push holds at most " + (RECORD_SIZE - 17) + " bytes");
        }
        byte[] record = new byte[padded]; // the text, the last-record delimiter 2, then zeros
        System.arraycopy(plaintext, 0, record, 0, plaintext.length);
        record[plaintext.length] = 2;
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] sealed = gcm.doFinal(record);

        ByteBuffer body = ByteBuffer.allocate(16 + 4 + 1 + asPublic.length + sealed.length);
        body.put(salt).putInt(RECORD_SIZE).put((byte) asPublic.length).put(asPublic).put(sealed);
        return body.array();
    }

    /** A fresh random salt: 16 bytes, as RFC 8188 has it. */
    static byte[] salt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return salt;
    }

    /** A fresh P-256 key pair for the sending side. */
    static KeyPair keyPair() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(P256, RANDOM);
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make a P-256 key pair", e);
        }
    }

    /** A P-256 private key from its scalar (the worked example's, and tests'). */
    static java.security.interfaces.ECPrivateKey privateKey(byte[] d) throws GeneralSecurityException {
        return (java.security.interfaces.ECPrivateKey) KeyFactory.getInstance("EC")
                .generatePrivate(new java.security.spec.ECPrivateKeySpec(new BigInteger(1, d), P256));
    }

    /** HKDF-SHA-256 (RFC 5869) for outputs of at most one block, as RFC 8291 uses it. */
    static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(info);
        mac.update((byte) 1);
        return Arrays.copyOf(mac.doFinal(), length);
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
}
