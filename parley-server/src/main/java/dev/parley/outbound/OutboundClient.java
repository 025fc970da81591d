package dev.parley.outbound;

import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.http.ApiException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The one way the node fetches from or posts to a URL someone else chose (bot webhooks today;
 * app webhooks, key sets, push endpoints and link previews are to use it too).
 *
 * <p>What it promises: the URL is http or https with a canonical host and no user info; the host
 * is resolved once per connection and EVERY address it resolves to is checked by
 * {@link AddressGuard} (unless private addresses are allowed); the connection goes to exactly the
 * addresses checked, so a name that answers a public address to the check and a private one a
 * moment later (DNS rebinding) cannot reach the private one. Each exchange is cut off after its
 * time limit, an answer longer than its byte limit is dropped, and redirects are not followed
 * unless a caller asks (then at most {@link #MAX_REDIRECTS}, each new host checked again, since
 * every new connection goes through the same resolver).
 */
public final class OutboundClient implements AutoCloseable {
    public static final int MAX_REDIRECTS = 3;
    /**
     * The {@code reason} for a host name that does not resolve or resolves to a refused address
     * (an address literal's reason names its range instead: whoever typed it knows it already).
     */
    public static final String NOT_PUBLIC = "not_public";
    /** What a POST's answer may hold before it is dropped: callers want its status, not a page. */
    private static final int POST_ANSWER_BYTES = 64 * 1024;

    /** Names to addresses; tests substitute one that lies. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;

        Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));
    }

    /** An answer: the status, its headers (names in lower case, first value) and at most the byte limit of body. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final boolean allowPrivate;
    private final Duration timeout;
    private final Resolver resolver;
    private final HttpClient http;

    /**
     * @param allowPrivate reach loopback and private addresses too (tests, a LAN deployment);
     *                     hosts must still be spelled canonically
     * @param timeout      the longest one exchange may take, connecting included
     */
    public OutboundClient(boolean allowPrivate, Duration timeout, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.timeout = timeout;
        this.resolver = resolver;
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("parley-outbound");
        threads.setDaemon(true);
        http = new HttpClient();
        http.setExecutor(threads);
        http.setFollowRedirects(false);
        http.setMaxRedirects(MAX_REDIRECTS);
        http.setConnectTimeout(timeout.toMillis());
        http.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Parley/1"));
        http.setSocketAddressResolver((host, port, context, promise) -> threads.execute(() -> {
            try {
                promise.succeeded(checked(host, port));
            } catch (Throwable e) {
                promise.failed(e);
            }
        }));
        try {
            http.start();
            // A network's API answers 401 with a JSON error and no WWW-Authenticate challenge: hand the
            // answer to the caller instead of failing it as a protocol violation (nothing here authenticates).
            http.getProtocolHandlers().remove(org.eclipse.jetty.client.WWWAuthenticationProtocolHandler.NAME);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the outbound HTTP client", e);
        }
    }

    /** Whether loopback and private addresses are reachable (tests, a LAN deployment). */
    public boolean reachesPrivateAddresses() {
        return allowPrivate;
    }

    /** The client the settings ask for; the old automation setting still opens private addresses. */
    public static OutboundClient fromSettings(Settings settings) {
        boolean allow = settings.get(Keys.OUTBOUND_ALLOW_PRIVATE_ADDRESSES)
                || settings.get(Keys.AUTOMATION_ALLOW_PRIVATE_WEBHOOKS);
        return new OutboundClient(allow, Duration.ofSeconds(10), Resolver.SYSTEM);
    }

    /**
     * Checks a URL someone registers, resolving its host now, so a bad one is refused at once
     * rather than failing every delivery. (Sending checks again: a name can come to resolve elsewhere.)
     *
     * @throws ApiException 422 {@code url_not_allowed}, with a {@code reason}, naming why
     */
    public URI validate(String url) {
        URI uri = parse(url);
        if (!allowPrivate) {
            try {
                checked(uri.getHost(), 0);
            } catch (Refused e) {
                boolean spelling = e.reason.equals(AddressGuard.Reason.NOT_CANONICAL.code);
                throw notAllowed(e.reason, "'url' names " + e.getMessage() + (spelling ? "."
                        : "; the server does not send to private or loopback addresses."));
            } catch (UnknownHostException e) {
                // The same answer as a name with a private address: told apart, they would map the node's network.
                Refused same = Refused.notPublic(uri.getHost());
                throw notAllowed(same.reason, "'url' names " + same.getMessage()
                        + "; the server does not send to private or loopback addresses.");
            }
        }
        return uri;
    }

    /** POSTs a body within the client's time limit; see {@link #post(String, Map, String, Duration)}. */
    public Response post(String url, Map<String, String> headers, String body) throws IOException, InterruptedException {
        return post(url, headers, body, timeout);
    }

    /**
     * POSTs a body and answers the status (whatever it is; 3xx is not followed).
     *
     * @throws Refused when the URL or an address of its host is not allowed
     * @throws IOException when the exchange fails or outlasts {@code limit}
     */
    public Response post(String url, Map<String, String> headers, String body, Duration limit)
            throws IOException, InterruptedException {
        return post(url, headers, body.getBytes(StandardCharsets.UTF_8), limit);
    }

    /** POSTs bytes (an encrypted Web Push, say); see {@link #post(String, Map, String, Duration)}. */
    public Response post(String url, Map<String, String> headers, byte[] body, Duration limit)
            throws IOException, InterruptedException {
        Request req = http.newRequest(target(url)).method(HttpMethod.POST).body(new BytesRequestContent(body));
        headers.forEach((k, v) -> req.headers(h -> h.put(k, v)));
        return exchange(req, POST_ANSWER_BYTES, limit);
    }

    /** GETs at most {@code maxBytes} of a URL, following no redirect. */
    public Response get(String url, int maxBytes) throws IOException, InterruptedException {
        return get(url, maxBytes, false);
    }

    /** GETs at most {@code maxBytes} of a URL, following up to {@link #MAX_REDIRECTS} redirects if asked. */
    public Response get(String url, int maxBytes, boolean followRedirects) throws IOException, InterruptedException {
        Request req = http.newRequest(target(url)).method(HttpMethod.GET).followRedirects(followRedirects);
        return exchange(req, maxBytes, timeout);
    }

    /**
     * Any method with headers and an optional body (a network's API: GET with a bearer token,
     * DELETE, a form POST), reading at most {@code maxBytes} of the answer; no redirect followed.
     */
    public Response request(String method, String url, Map<String, String> headers, byte[] body, int maxBytes)
            throws IOException, InterruptedException {
        Request req = http.newRequest(target(url)).method(method);
        if (body != null) {
            req.body(new BytesRequestContent(body));
        }
        headers.forEach((k, v) -> req.headers(h -> h.put(k, v)));
        return exchange(req, maxBytes, timeout);
    }

    private URI target(String url) throws Refused {
        try {
            return parse(url);
        } catch (ApiException e) {
            throw new Refused(String.valueOf(e.extra().get("reason")), e.detail());
        }
    }

    private static Response exchange(Request req, int maxBytes, Duration limit) throws IOException, InterruptedException {
        req.timeout(limit.toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<ContentResponse> f = new CompletableResponseListener(req, maxBytes).send();
        try {
            // The request's own timeout ends it; the margin only guards against a lost callback.
            ContentResponse r = f.get(limit.toMillis() + 1000, TimeUnit.MILLISECONDS);
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            r.getHeaders().forEach(h -> headers.putIfAbsent(h.getLowerCaseName(), h.getValue()));
            return new Response(r.getStatus(), headers, r.getContent());
        } catch (TimeoutException e) {
            req.abort(e);
            throw new IOException("no answer within " + limit.toMillis() + " ms");
        } catch (InterruptedException e) {
            req.abort(e);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            for (Throwable c = cause; c != null; c = c.getCause()) {
                if (c instanceof Refused refused) {
                    throw refused;
                }
            }
            if (cause instanceof TimeoutException) {
                throw new IOException("no answer within " + limit.toMillis() + " ms");
            }
            if (cause instanceof IllegalArgumentException && String.valueOf(cause.getMessage()).contains("capacity")) {
                throw new IOException("the answer is over " + maxBytes + " bytes");
            }
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause.getMessage()), cause);
        }
    }

    /** The URL if its form is acceptable: http(s), a canonical host, no user info. */
    private static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw notAllowed("malformed", "'url' is not a valid URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw notAllowed("scheme", "'url' must be an http or https URL.");
        }
        if (uri.getRawUserInfo() != null) {
            throw notAllowed("userinfo", "'url' must not carry a user name or password.");
        }
        if (uri.getHost() == null || AddressGuard.canonicalHost(uri.getHost()).isEmpty()) {
            throw notAllowed(AddressGuard.Reason.NOT_CANONICAL.code, "'url' must name its host as a plain DNS name "
                    + "or a canonical IP address (not " + Optional.ofNullable(uri.getRawAuthority()).orElse("nothing") + ").");
        }
        return uri;
    }

    /**
     * The addresses to connect to: the host resolved once, every address checked. Jetty connects
     * to exactly these, so what was checked is what is reached.
     */
    private List<InetSocketAddress> checked(String host, int port) throws Refused, UnknownHostException {
        // Jetty hands IPv6 literals over without their brackets.
        String spelled = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        String canonical = AddressGuard.canonicalHost(spelled)
                .orElseThrow(() -> new Refused(AddressGuard.Reason.NOT_CANONICAL, host));
        String lookup = canonical.startsWith("[") ? canonical.substring(1, canonical.length() - 1) : canonical;
        List<InetAddress> all = resolver.resolve(lookup);
        List<InetSocketAddress> out = new ArrayList<>(all.size());
        for (InetAddress a : all) {
            if (!allowPrivate) {
                Optional<AddressGuard.Reason> why = AddressGuard.refusal(a);
                if (why.isPresent()) {
                    // The host as given, never what it resolved to, and for a name not even the kind of
                    // range: the text reaches whoever named the URL, and would otherwise turn the node into
                    // a lookup service for its own network's names (db.internal: private, or no such name?).
                    throw AddressGuard.isLiteral(lookup) ? new Refused(why.get(), host) : Refused.notPublic(host);
                }
            }
            out.add(new InetSocketAddress(a, port));
        }
        if (out.isEmpty()) {
            throw new UnknownHostException(host);
        }
        return out;
    }

    private static ApiException notAllowed(String reason, String detail) {
        return new ApiException(422, "url_not_allowed", "URL not allowed", detail, Map.of("reason", reason));
    }

    /** A URL or address the node must not reach; {@link #reason} is a stable word. */
    public static final class Refused extends IOException {
        public final String reason;

        Refused(AddressGuard.Reason reason, String what) {
            this(reason.code, what + ", which " + reason.says);
        }

        Refused(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        /** A host name that does not resolve, or resolves to an address the guard refuses: one answer for both. */
        static Refused notPublic(String host) {
            return new Refused(NOT_PUBLIC, host + ", which does not resolve to a public address");
        }
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            // Stopping: nothing is waiting on it any more.
        }
    }
}
