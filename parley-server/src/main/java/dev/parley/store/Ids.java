package dev.parley.store;

import java.security.SecureRandom;

/**
 * Opaque, roughly time-ordered ids: a one-letter kind, a dash, then 20 base-32 characters. The dash
 * is a character handles cannot hold, so an id never looks like a handle.
 */
public final class Ids {
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String next(char kind) {
        char[] out = new char[22];
        out[0] = kind;
        out[1] = '-';
        long time = System.currentTimeMillis();
        for (int i = 9; i >= 0; i--) {
            out[2 + i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        long random = RANDOM.nextLong();
        for (int i = 0; i < 10; i++) {
            out[12 + i] = ALPHABET[(int) (random & 31)];
            random >>>= 5;
        }
        return new String(out);
    }

    /**
     * {@code bytes} random bytes as URL-safe base64 without padding: the one way Parley makes a secret
     * or a token someone must not guess (session tokens, app secrets, bot tokens, OAuth states, stream
     * tickets). 32 bytes for anything long-lived; 24 is the least.
     */
    public static String unguessable(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    public static boolean looksLike(char kind, String id) {
        return id != null && id.length() == 22 && id.charAt(0) == kind && id.charAt(1) == '-';
    }
}
