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
 * ECDH, HMAC-SHA-256 and AES-GCM: a fresh key pair and salt per message, one record.
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
    private static final int PAD_TO = 64;

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
     * The body of one push: the aes128gcm header (salt, record size, the sender's public key) and
     * one record holding {@code plaintext}, padded.
     *
     * @param uaPublic the subscription's p256dh (65 bytes)
     * @param authSecret the subscription's auth (16 bytes)
     */
    static byte[] encrypt(byte[] uaPublic, byte[] authSecret, byte[] plaintext) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(P256, RANDOM);
            byte[] salt = new byte[16];
            RANDOM.nextBytes(salt);
            return seal(uaPublic, authSecret, plaintext, gen.generateKeyPair(), salt, PAD_TO);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Web Push encryption failed", e);
        }
    }

    /** The same with the sender's key pair and salt given (RFC 8291's worked example fixes both). */
    static byte[] seal(byte[] uaPublic, byte[] authSecret, byte[] plaintext, KeyPair as, byte[] salt, int padTo)
            throws GeneralSecurityException {
        ECPublicKey ua = publicKey(uaPublic).orElseThrow(() -> new IllegalArgumentException("not a P-256 point"));
        byte[] asPublic = point((ECPublicKey) as.getPublic());
        KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(as.getPrivate());
        ecdh.doPhase(ua, true);
        byte[] ecdhSecret = ecdh.generateSecret();

        // RFC 8291 §3.4: the input keying material mixes in the auth secret and both public keys.
        byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), uaPublic, asPublic);
        byte[] ikm = hkdf(authSecret, ecdhSecret, keyInfo, 32);
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
