package dev.parley.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.NodeFixture;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The served OpenAPI document against the running server: it parses and validates, it describes
 * exactly the routes the server registers (both ways), its path parameters and auth match what the
 * server does, and a real sign-up answers what the document promises.
 */
class OpenApiContractTest {
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static Contract contract;

    @BeforeAll
    static void start() {
        contract = Contract.fetch(NODE.node());
    }

    @Test
    void theServedDocumentParsesAndValidatesWithoutMessages() {
        assertThat(contract.parseMessages).isEmpty();
        assertThat(contract.doc.getOpenapi()).startsWith("3.0");
        assertThat(contract.doc.getComponents().getSecuritySchemes().get("bearer").getScheme()).isEqualTo("bearer");
        List<String> ids = contract.operations().values().stream().map(Operation::getOperationId).toList();
        assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void documentedOperationsAreExactlyTheRoutesTheServerRegisters() {
        Set<String> served = new TreeSet<>(NODE.node().node().routes());
        Set<String> documented = new TreeSet<>(contract.operations().keySet());
        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        Set<String> notServed = new TreeSet<>(documented);
        notServed.removeAll(served);
        assertThat(undocumented).as("routes the server registers that the document lacks").isEmpty();
        assertThat(notServed).as("operations the document describes that the server does not register").isEmpty();
        // Sanity: the comparison really covered both route families and the socket.
        assertThat(served).contains("GET /api/v1/conversations", "GET /api/v1/businesses/{business}/conversations",
                "WS /api/v1/stream", "GET /healthz");
    }

    @Test
    void pathParametersMatchThePathTemplatesBothWays() {
        contract.doc.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            Set<String> inTemplate = new HashSet<>();
            Matcher m = PATH_PARAM.matcher(path);
            while (m.find()) {
                inTemplate.add(m.group(1));
            }
            Set<String> declared = new HashSet<>();
            for (Parameter p : contract.parameters(path, op)) {
                if ("path".equals(p.getIn())) {
                    declared.add(p.getName());
                    assertThat(p.getRequired()).as("%s %s path parameter %s is required", method, path, p.getName()).isTrue();
                }
            }
            assertThat(declared).as("%s %s path parameters", method, path).isEqualTo(inTemplate);
        }));
    }

    @Test
    void everyErrorIsDocumentedAsAProblemAndRateLimitsCarryRetryAfter() {
        contract.operations().forEach((key, op) -> op.getResponses().keySet().forEach(status -> {
            ApiResponse r = contract.response(op, Integer.parseInt(status));
            if (status.startsWith("4")) {
                Map<String, MediaType> content = r.getContent();
                assertThat(content).as("%s %s has a body", key, status).isNotNull();
                assertThat(content.keySet()).as("%s %s", key, status).containsExactly("application/problem+json");
                assertThat(content.get("application/problem+json").getSchema().get$ref())
                        .isEqualTo("#/components/schemas/Problem");
            }
            if (status.equals("429")) {
                assertThat(r.getHeaders()).as("%s 429 headers", key).containsKey("Retry-After");
            }
        }));
    }

    /** A path naming a thing can name one that does not exist, or that the caller may not see. */
    @Test
    void everyRouteWithAPathParameterDocuments404() {
        List<String> missing = new ArrayList<>();
        contract.operations().forEach((key, op) -> {
            if (key.contains("{") && op.getResponses().get("404") == null) {
                missing.add(key);
            }
        });
        assertThat(missing).isEmpty();
    }

    /** Calls every route without a token: those the document secures answer 401; the public ones don't. */
    @Test
    void routesTheDocumentSecuresAnswer401WithoutATokenAndThePublicOnesDoNot() {
        List<String> wrong = new ArrayList<>();
        contract.operations().forEach((key, op) -> {
            if (key.startsWith("WS ")) {
                return;
            }
            String method = key.substring(0, key.indexOf(' '));
            String path = PATH_PARAM.matcher(key.substring(key.indexOf(' ') + 1)).replaceAll("x-0");
            Api.Res res = NODE.node().api.call(method, path, null, method.equals("GET") || method.equals("DELETE") ? null : "{}");
            boolean secured = secured(op);
            if (secured && (res.status() != 401 || !"unauthorized".equals(res.code()) || op.getResponses().get("401") == null)) {
                wrong.add(key + " is secured but answered " + res.status() + " " + res.raw());
            }
            if (!secured && res.status() == 401) {
                wrong.add(key + " is public in the document but answered 401");
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void theStreamRefusesAnUpgradeWithoutCredentials() {
        assertThat(secured(contract.operation("GET", "/api/v1/stream"))).isTrue();
        assertThat(contract.operation("GET", "/api/v1/stream").getResponses()).containsKeys("101", "401");
        try {
            HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(NODE.node().wsUrl()), new WebSocket.Listener() {}).join();
            throw new AssertionError("the upgrade succeeded without credentials");
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aRealSignUpHasEveryPropertyTheSchemaRequires() {
        Api.Res res = NODE.node().api.post("/api/v1/accounts", null,
                Map.of("handle", "schema_sam", "password", "correct horse battery", "display_name", "Sam"));
        contract.conforms("POST", "/api/v1/accounts", res);
        // Spelled out for the two schemas a client reads first, so a dropped requirement shows here too.
        assertThat(contract.schemas.named("SignedIn").getRequired()).allSatisfy(p -> assertThat(res.body().has(p)).isTrue());
        assertThat(contract.schemas.named("Me").getRequired())
                .contains("id", "handle", "settings")
                .allSatisfy(p -> assertThat(res.body().get("account").has(p)).as(p).isTrue());
        assertThat(contract.schemas.named("Settings").getRequired())
                .allSatisfy(p -> assertThat(res.body().at("/account/settings").has(p)).as(p).isTrue());
    }

    @Test
    void aProblemTheServerSendsMatchesTheProblemSchema() {
        Map<String, String> body = Map.of("handle", "schema_pat", "password", "correct horse battery",
                "display_name", "Pat");
        NODE.node().api.post("/api/v1/accounts", null, body).expect(201);
        Api.Res taken = NODE.node().api.post("/api/v1/accounts", null, body);
        contract.conforms("POST", "/api/v1/accounts", taken);
        assertThat(taken.code()).isEqualTo("conflict");
    }

    private static boolean secured(Operation op) {
        List<SecurityRequirement> reqs = op.getSecurity() != null ? op.getSecurity() : contract.doc.getSecurity();
        return reqs != null && !reqs.isEmpty() && reqs.stream().anyMatch(r -> r.containsKey("bearer"));
    }
}
