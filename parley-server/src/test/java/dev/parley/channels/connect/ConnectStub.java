package dev.parley.channels.connect;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parley.channels.x.XOAuth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The networks' login pages and APIs on 127.0.0.1 (the JDK's HTTP server), in the shapes their
 * documentation gives: Facebook Login's dialog and the Graph API ({@code /fb}, {@code /graph}),
 * Instagram Login ({@code /ig}, {@code /igapi}, {@code /iggraph}), and X's OAuth 2.0 with PKCE
 * ({@code /x}, {@code /xapi}). A login page grants at once: it redirects to the {@code redirect_uri}
 * with a fresh code and the {@code state} it was given (or {@code error=access_denied} after
 * {@link #denyNext()}); a code is good once. Every request is recorded.
 */
public final class ConnectStub implements AutoCloseable {
    /** The browser's side of a flow: redirects not followed, so each hop is checked as it comes. */
    private static final HttpClient BROWSER =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** One request as the stub received it. */
    public record Call(String method, String path, Map<String, String> query, String authorization, String body) {}

    /** A Page the owner runs: its id, name and Page token. */
    public record Page(String id, String name, String token) {}

    private final HttpServer server;
    public final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Page> pages = new CopyOnWriteArrayList<>();
    private final Map<String, String> codes = new ConcurrentHashMap<>(); // code → PKCE challenge ("" without)
    private final List<String> sendErrors = new CopyOnWriteArrayList<>();
    private final Map<String, String> profiles = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean deny;
    public volatile String igUser = "17841400000000001";
    public volatile String xUser = "9990001";

    public ConnectStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The settings that point a node's connect flows (and the Messenger connector) here. */
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("channels.meta.app_id", "1517776481860111");
        s.put("channels.meta.app_secret", "test-app-secret-0123456789");
        s.put("channels.meta.dialog_url", base() + "/fb/v21.0/dialog/oauth");
        s.put("channels.meta.graph_url", base() + "/graph/v21.0");
        s.put("channels.instagram.app_id", "990602627938098");
        s.put("channels.instagram.app_secret", "ig-secret-abcdef");
        s.put("channels.instagram.authorize_url", base() + "/ig/oauth/authorize");
        s.put("channels.instagram.token_url", base() + "/igapi/oauth/access_token");
        s.put("channels.instagram.graph_url", base() + "/iggraph/v21.0");
        s.put("channels.x.client_id", "x-client-id");
        s.put("channels.x.client_secret", "x-client-secret");
        s.put("channels.x.authorize_url", base() + "/x/i/oauth2/authorize");
        s.put("channels.x.api_url", base() + "/xapi");
        s.put("outbound.allow_private_addresses", "on");
        return s;
    }

    public void pages(Page... ps) {
        pages.clear();
        pages.addAll(List.of(ps));
    }

    /** What {@code GET /{id}} answers for a person (their Messenger profile). */
    public void profile(String id, String json) {
        profiles.put(id, json);
    }

    /** The next login page answers {@code error=access_denied} (the owner cancelled). */
    public void denyNext() {
        deny = true;
    }

    /** The next Send API call is refused with this Graph error (190: the token was revoked). */
    public void failNextSend(String graphError) {
        sendErrors.add(graphError);
    }

    public List<Call> calls(String method, String pathEnd) {
        return calls.stream().filter(c -> c.method().equals(method) && c.path().endsWith(pathEnd)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> q = form(ex.getRequestURI().getRawQuery());
        if (body.contains("=") && !body.startsWith("{")) {
            q.putAll(form(body));
        }
        String path = ex.getRequestURI().getPath();
        calls.add(new Call(ex.getRequestMethod(), path, q, ex.getRequestHeaders().getFirst("Authorization"), body));
        if (path.endsWith("/dialog/oauth") || path.endsWith("/oauth/authorize") || path.endsWith("/oauth2/authorize")) {
            login(ex, q);
            return;
        }
        String[] a = answer(ex.getRequestMethod(), path, q);
        byte[] out = a[1].getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(Integer.parseInt(a[0]), out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    private void login(HttpExchange ex, Map<String, String> q) throws IOException {
        String back;
        if (deny) {
            deny = false;
            back = "error=access_denied&error_reason=user_denied&error_description=Permissions%20error";
        } else {
            String code = "code-" + ids.incrementAndGet();
            codes.put(code, q.getOrDefault("code_challenge", ""));
            back = "code=" + code;
        }
        String state = q.get("state") == null ? "" : "&state=" + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Location", q.get("redirect_uri") + "?" + back + state);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private String[] answer(String method, String path, Map<String, String> q) {
        if (path.endsWith("/graph/v21.0/oauth/access_token")) {
            if (q.containsKey("fb_exchange_token")) {
                return ok("{\"access_token\":\"user-long-" + q.get("fb_exchange_token") + "\",\"token_type\":\"bearer\"}");
            }
            return useCode(q.get("code"), null) ? ok("{\"access_token\":\"user-short-" + q.get("code") + "\"}")
                    : graphError(400, 100);
        }
        if (path.endsWith("/graph/v21.0/me/accounts")) {
            List<String> data = new ArrayList<>();
            pages.forEach(p -> data.add("{\"id\":\"" + p.id() + "\",\"name\":\"" + p.name() + "\",\"access_token\":\""
                    + p.token() + "\",\"tasks\":[\"MESSAGING\"]}"));
            return ok("{\"data\":[" + String.join(",", data) + "]}");
        }
        if (path.startsWith("/graph/") && path.endsWith("/subscribed_apps")) {
            return ok("{\"success\":true}");
        }
        if (path.startsWith("/graph/") && path.endsWith("/messages")) {
            return sendErrors.isEmpty() ? ok("{\"recipient_id\":\"u\",\"message_id\":\"m_sent_" + ids.incrementAndGet() + "\"}")
                    : new String[] {"400", sendErrors.remove(0)};
        }
        if (path.startsWith("/graph/v21.0/")) { // GET /{page}?fields=name, or a person's profile
            String id = path.substring(path.lastIndexOf('/') + 1);
            if (profiles.containsKey(id)) {
                return ok(profiles.get(id));
            }
            return pages.stream().filter(p -> p.id().equals(id)).findFirst()
                    .map(p -> ok("{\"id\":\"" + p.id() + "\",\"name\":\"" + p.name() + "\"}")).orElse(graphError(404, 100));
        }
        if (path.equals("/igapi/oauth/access_token")) {
            return useCode(q.get("code"), null) ? ok("{\"data\":[{\"access_token\":\"ig-short-" + q.get("code")
                    + "\",\"user_id\":\"" + igUser + "\",\"permissions\":\"instagram_business_basic\"}]}")
                    : new String[] {"400", "{\"error_type\":\"OAuthException\",\"code\":400}"};
        }
        if (path.equals("/iggraph/v21.0/access_token")) {
            return ok("{\"access_token\":\"ig-long-" + q.get("access_token") + "\",\"token_type\":\"bearer\",\"expires_in\":5183944}");
        }
        if (path.equals("/iggraph/v21.0/me")) {
            return ok("{\"user_id\":\"" + igUser + "\",\"username\":\"shop.on.ig\"}");
        }
        if (path.equals("/iggraph/v21.0/me/subscribed_apps")) {
            return ok("{\"success\":true}");
        }
        if (path.equals("/iggraph/v21.0/refresh_access_token")) { // Instagram Login: another 60 days
            return "ig_refresh_token".equals(q.get("grant_type")) ? ok("{\"access_token\":\"ig-refreshed-"
                    + ids.incrementAndGet() + "\",\"token_type\":\"bearer\",\"expires_in\":5183944}") : graphError(400, 100);
        }
        if (path.startsWith("/iggraph/v21.0/") && path.endsWith("/messages")) {
            return ok("{\"recipient_id\":\"u\",\"message_id\":\"ig_sent_" + ids.incrementAndGet() + "\"}");
        }
        if (path.startsWith("/iggraph/v21.0/")) { // a person's Instagram profile
            String id = path.substring(path.lastIndexOf('/') + 1);
            return profiles.containsKey(id) ? ok(profiles.get(id)) : graphError(404, 100);
        }
        if (path.equals("/xapi/2/oauth2/token")) {
            return useCode(q.get("code"), q.get("code_verifier"))
                    ? ok("{\"token_type\":\"bearer\",\"expires_in\":7200,\"access_token\":\"x-access-" + q.get("code")
                    + "\",\"refresh_token\":\"x-refresh-" + q.get("code") + "\",\"scope\":\"" + XOAuth.SCOPES + "\"}")
                    : new String[] {"400", "{\"error\":\"invalid_request\",\"error_description\":\"Value passed for the authorization code was invalid.\"}"};
        }
        if (path.matches("/xapi/2/account_activity/webhooks/[^/]+/subscriptions/all") && method.equals("POST")) {
            return ok("{\"data\":{\"subscribed\":true}}");
        }
        if (path.equals("/xapi/2/users/me")) {
            return ok("{\"data\":{\"id\":\"" + xUser + "\",\"name\":\"Shop on X\",\"username\":\"shop_on_x\"}}");
        }
        return new String[] {"404", "{}"};
    }

    /** A code is good once, and (with PKCE) only with the verifier whose challenge the login page saw. */
    private boolean useCode(String code, String verifier) {
        String challenge = code == null ? null : codes.remove(code);
        if (challenge == null) {
            return false;
        }
        return challenge.isEmpty() ? verifier == null : verifier != null && challenge.equals(XOAuth.challenge(verifier));
    }

    private static String[] ok(String json) {
        return new String[] {"200", json};
    }

    private static String[] graphError(int status, int code) {
        return new String[] {String.valueOf(status), "{\"error\":{\"message\":\"Invalid\",\"type\":\"OAuthException\",\"code\":"
                + code + ",\"fbtrace_id\":\"A\"}}"};
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int i = pair.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), StandardCharsets.UTF_8);
            q.put(k, i < 0 ? "" : URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    /** The query of a URL, decoded. */
    public static Map<String, String> query(String url) {
        return form(URI.create(url).getRawQuery());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A browser's GET of {@code url}, its redirect not followed. */
    static HttpResponse<String> visit(String url) {
        return browse(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    /** A browser's request (a form's POST too), its redirect not followed. */
    static HttpResponse<String> browse(HttpRequest request) {
        try {
            return BROWSER.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
