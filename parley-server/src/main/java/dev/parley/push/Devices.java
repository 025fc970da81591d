package dev.parley.push;

import dev.parley.http.ApiException;
import dev.parley.outbound.OutboundClient;
import dev.parley.store.Ids;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;

/**
 * Registering, listing and removing a person's push devices, and handing an app the FCM/APNs
 * tokens of its users ({@link #tokensFor}).
 */
public final class Devices {
    public static final int MAX_PER_ACCOUNT = 25;
    private static final int MAX_ENDPOINT = 2048;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_:.\\-]{8,4096}");
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+={0,2}");

    /** An FCM or APNs token of a user, for the user's app to push to. */
    public record Token(String kind, String token) {}

    /** What was registered, and whether it is new (201) or was there already (200). */
    record Registered(Device.View device, boolean created) {}

    private final DeviceStore store;
    private final OutboundClient outbound;
    private final boolean httpAllowed;
    private final Function<String, Optional<String>> appOf;
    private final Clock clock;

    /**
     * @param httpAllowed plain-http endpoints are accepted (only with private addresses allowed: tests)
     * @param appOf       the app that provisioned an account (whose app pushes to its FCM/APNs tokens), if any
     */
    Devices(DeviceStore store, OutboundClient outbound, boolean httpAllowed, Function<String, Optional<String>> appOf,
            Clock clock) {
        this.store = store;
        this.outbound = outbound;
        this.httpAllowed = httpAllowed;
        this.appOf = appOf;
        this.clock = clock;
    }

    /** A Web Push subscription as a browser's PushSubscription.toJSON() gives it. */
    record Subscription(String endpoint, Keys keys) {}

    record Keys(String p256dh, String auth) {}

    /**
     * @param sessionHash the caller's session (its token's hash) when it has one: a Web Push
     *                    subscription lives as long as it; null for an app's JWT or secret
     */
    Registered register(String accountId, String kind, Subscription sub, String token, String sessionHash) {
        String k = kind == null ? "" : kind.toLowerCase(Locale.ROOT);
        Device d = switch (k) {
            case Device.WEBPUSH -> webPush(accountId, sub);
            case Device.FCM, Device.APNS -> appToken(accountId, k, token);
            default -> throw ApiException.validation("'kind' must be webpush, fcm or apns.");
        };
        String session = Device.WEBPUSH.equals(d.kind()) ? sessionHash : null;
        try {
            return save(d, session);
        } catch (RuntimeException e) {
            if (!store.db().dialect().isUniqueViolation(e)) {
                throw e;
            }
            return save(d, session); // the same address registered at the same moment: now it is there
        }
    }

    private Device webPush(String accountId, Subscription sub) {
        if (sub == null || sub.endpoint() == null || sub.keys() == null) {
            throw ApiException.validation("'subscription' needs 'endpoint' and 'keys' {p256dh, auth}.");
        }
        String endpoint = sub.endpoint().trim();
        if (endpoint.length() > MAX_ENDPOINT) {
            throw ApiException.validation("'subscription.endpoint' is longer than " + MAX_ENDPOINT + " characters.");
        }
        URI uri = outbound.validate(endpoint); // 422 url_not_allowed: not http(s), a private address …
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !httpAllowed) {
            throw new ApiException(422, "url_not_allowed", "URL not allowed",
                    "'subscription.endpoint' must be an https URL.", Map.of("reason", "scheme"));
        }
        byte[] p256dh = decode(sub.keys().p256dh(), "subscription.keys.p256dh");
        if (WebPushCrypto.publicKey(p256dh).isEmpty()) {
            throw ApiException.validation("'subscription.keys.p256dh' must be an uncompressed P-256 point (65 bytes).");
        }
        if (decode(sub.keys().auth(), "subscription.keys.auth").length != 16) {
            throw ApiException.validation("'subscription.keys.auth' must be 16 bytes.");
        }
        return new Device(Ids.next('d'), accountId, Device.WEBPUSH, endpoint, sub.keys().p256dh().replace("=", ""),
                sub.keys().auth().replace("=", ""), clock.instant());
    }

    private static byte[] decode(String value, String field) {
        if (value == null || !BASE64URL.matcher(value).matches()) {
            throw ApiException.validation("'" + field + "' must be base64url.");
        }
        try {
            return WebPushCrypto.unbase64url(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("'" + field + "' must be base64url.");
        }
    }

    private Device appToken(String accountId, String kind, String token) {
        if (appOf.apply(accountId).isEmpty()) {
            throw new ApiException(422, "no_app_for_push", "No app to push through",
                    "FCM and APNs tokens are for users of an app, which pushes to them itself; "
                            + "this account belongs to no app. Register a Web Push subscription instead.");
        }
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw ApiException.validation("'token' must be 8 to 4096 letters, digits or _ : . -");
        }
        return new Device(Ids.next('d'), accountId, kind, Device.tokenAddress(kind, token), null, null, clock.instant());
    }

    private Registered save(Device d, String sessionHash) {
        return store.db().write(h -> {
            Optional<Device> existing = store.byAddress(h, d.address());
            if (existing.isPresent() && existing.get().accountId().equals(d.accountId())) {
                store.updateKeys(h, existing.get().id(), d.p256dh(), d.auth(), sessionHash);
                return new Registered(existing.get().view(), false);
            }
            // An FCM or APNs token is issued to one install of one app (a Firebase project's app, an
            // APNs topic): the same string cannot legitimately come from a user of another app, whose
            // tokens are its own. Only someone who copied it could send it, so it is refused and stays
            // where it is; the answer names neither the app nor the user that holds it. The string is
            // the install's whatever kind is claimed, so holders under either kind are checked.
            List<Device> holders = holders(h, d);
            if (holders.stream().anyMatch(other -> !appOf.apply(other.accountId()).equals(appOf.apply(d.accountId())))) {
                throw new ApiException(409, "device_registered_elsewhere", "Token registered elsewhere",
                        "This push token is registered to another app's user; a token belongs to one app's install.");
            }
            // The same browser (or, within one app, the same phone) signed in as someone else: it is
            // theirs now, and the last person's notifications stop going there. A token re-claimed
            // under the other kind moves too, so one install is one device.
            holders.forEach(other -> store.delete(h, other.id()));
            if (store.lockAndCount(h, d.accountId()) >= MAX_PER_ACCOUNT) {
                throw new ApiException(422, "too_many_devices", "Too many devices",
                        "An account may register at most " + MAX_PER_ACCOUNT + " devices; remove one first.");
            }
            store.insert(h, d, sessionHash);
            return new Registered(d.view(), true);
        });
    }

    /** Who holds this device's address now: for an app token, under any app kind (fcm, apns). */
    private List<Device> holders(Handle h, Device d) {
        if (Device.WEBPUSH.equals(d.kind())) {
            return store.byAddress(h, d.address()).stream().toList();
        }
        return Stream.of(Device.FCM, Device.APNS)
                .flatMap(kind -> store.byAddress(h, Device.tokenAddress(kind, d.token())).stream()).toList();
    }

    List<Device.View> list(String accountId) {
        return store.ofAccount(accountId).stream().map(Device::view).toList();
    }

    /** Another person's device answers as an unknown one. */
    void delete(String accountId, String deviceId) {
        if (!store.deleteOwn(deviceId, accountId)) {
            throw ApiException.notFound("device");
        }
    }

    /** The FCM and APNs tokens an app's user registered, for the app's notification events. */
    public List<Token> tokensFor(String accountId) {
        return store.ofAccount(accountId).stream().filter(d -> !Device.WEBPUSH.equals(d.kind()))
                .map(d -> new Token(d.kind(), d.token())).toList();
    }
}
