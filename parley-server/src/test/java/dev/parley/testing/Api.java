package dev.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/** A thin HTTP client for tests: raw JSON in and out, so tests see exactly what a client sees. */
public final class Api {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Supplier<String> base;

    public Api(String base) {
        this(() -> base);
    }

    /**
     * An API whose address is looked up at each call: {@link NodeFixture} hands it out before its
     * node has started, so a test class can keep it in a {@code static final} field.
     */
    public Api(Supplier<String> base) {
        this.base = base;
    }

    /** The node's address, e.g. {@code http://127.0.0.1:41234}. */
    public String base() {
        return base.get();
    }

    /** A response: status, headers and the body parsed as JSON (null when empty or not JSON). */
    public record Res(int status, JsonNode body, String raw, HttpResponse<String> http) {
        public String code() {
            return body == null ? null : body.path("code").asText(null);
        }

        public String contentType() {
            return http.headers().firstValue("content-type").orElse("");
        }

        public Res expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected " + expected + " but got " + status + ": " + raw);
            }
            return this;
        }
    }

    public Res call(String method, String path, String token, Object body) {
        return call(method, path, token, body, Map.of());
    }

    /** A call with extra headers, e.g. the X-Forwarded-For a reverse proxy adds. */
    public Res call(String method, String path, String token, Object body, Map<String, String> headers) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.get() + path)).timeout(Duration.ofSeconds(20));
            headers.forEach(b::header);
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            String payload = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            if (payload != null) {
                b.header("Content-Type", "application/json");
            }
            b.method(method, payload == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(payload));
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = null;
            if (!r.body().isEmpty()) {
                try {
                    parsed = JSON.readTree(r.body());
                } catch (IOException notJson) {
                    parsed = null;
                }
            }
            return new Res(r.statusCode(), parsed, r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Res get(String path, String token) {
        return call("GET", path, token, null);
    }

    public Res post(String path, String token, Object body) {
        return call("POST", path, token, body == null ? "" : body);
    }

    public Res put(String path, String token) {
        return call("PUT", path, token, null);
    }

    public Res put(String path, String token, Object body) {
        return call("PUT", path, token, body);
    }

    public Res patch(String path, String token, Object body) {
        return call("PATCH", path, token, body);
    }

    public Res delete(String path, String token) {
        return call("DELETE", path, token, null);
    }

    /** A signed-up person: their id, handle and token. */
    public record Person(String id, String handle, String token) {}

    public Person signUp(String handle) {
        Res r = post("/api/v1/accounts", null, Map.of("handle", handle, "password", "correct horse battery",
                "display_name", handle.substring(0, 1).toUpperCase() + handle.substring(1)));
        r.expect(201);
        return new Person(r.body().at("/account/id").asText(), handle, r.body().get("token").asText());
    }

    public void setDmPolicy(Person p, String policy) {
        patch("/api/v1/me", p.token(), Map.of("settings", Map.of("dm_policy", policy))).expect(200);
    }

    /** Opens (or finds) a conversation; answers its id. */
    public String open(Person from, Person... to) {
        ObjectNode body = JSON.createObjectNode();
        var ids = body.putArray("member_ids");
        for (Person p : to) {
            ids.add(p.id());
        }
        Res r = post("/api/v1/conversations", from.token(), body);
        if (r.status() != 200 && r.status() != 201) {
            throw new AssertionError("open failed: " + r.raw());
        }
        return r.body().get("id").asText();
    }

    public Res send(Person from, String conversationId, String text) {
        return post("/api/v1/conversations/" + conversationId + "/messages", from.token(),
                Map.of("client_id", UUID.randomUUID().toString(), "text", text));
    }

    public void follow(Person who, Person whom) {
        put("/api/v1/accounts/" + whom.id() + "/follow", who.token()).expect(200);
    }

    /** Two people who follow each other, so either may message the other under the network's rules. */
    public void befriend(Person a, Person b) {
        follow(a, b);
        follow(b, a);
    }

    /**
     * Makes the person an agent of the business as people do it: someone who manages it invites
     * them (201, {@code invited}), and they accept their invitation.
     */
    public void joinTeam(Person manager, String businessId, Person person, String role) {
        Res invited = post("/api/v1/businesses/" + businessId + "/agents", manager.token(),
                Map.of("account_id", person.id(), "role", role)).expect(201);
        if (!"invited".equals(invited.body().path("status").asText())) {
            throw new AssertionError("not an invitation: " + invited.raw());
        }
        post("/api/v1/me/invitations/" + invited.body().get("invitation_id").asText() + "/accept", person.token(), null)
                .expect(200);
    }
}
