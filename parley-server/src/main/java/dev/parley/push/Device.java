package dev.parley.push;

import java.time.Instant;

/**
 * A place to reach a person: a browser's Web Push subscription, or an app's FCM/APNs token.
 *
 * @param address the subscription's endpoint, or {@code kind:token}
 * @param p256dh  Web Push only: the browser's P-256 public key (base64url)
 * @param auth    Web Push only: the browser's auth secret (base64url)
 */
record Device(String id, String accountId, String kind, String address, String p256dh, String auth, Instant createdAt) {
    static final String WEBPUSH = "webpush";
    static final String FCM = "fcm";
    static final String APNS = "apns";

    static String tokenAddress(String kind, String token) {
        return kind + ":" + token;
    }

    String token() {
        return address.substring(kind.length() + 1);
    }

    /** What the owner sees: the endpoint or the token, never the keys. */
    View view() {
        boolean web = WEBPUSH.equals(kind);
        return new View(id, kind, web ? address : null, web ? null : token(), createdAt);
    }

    record View(String id, String kind, String endpoint, String token, Instant createdAt) {}
}
