package dev.parley.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.TestNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAPI document as a node serves it, parsed by swagger-parser, with the lookups the
 * contract tests need: every operation keyed like {@code Node.routes()} ("GET /api/v1/me",
 * "WS /api/v1/stream" for the operation marked {@code x-websocket}), and whether a real response
 * matches what the document promises for its operation and status.
 */
final class Contract {
    final OpenAPI doc;
    final List<String> parseMessages;
    final SchemaCheck schemas;

    private Contract(SwaggerParseResult parsed) {
        this.doc = parsed.getOpenAPI();
        this.parseMessages = parsed.getMessages() == null ? List.of() : parsed.getMessages();
        this.schemas = doc == null ? null : new SchemaCheck(doc);
    }

    static Contract fetch(TestNode node) {
        Api.Res res = node.api.get("/openapi.json", null).expect(200);
        assertThat(res.contentType()).startsWith("application/json");
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new Contract(new OpenAPIV3Parser().readContents(res.raw(), null, options));
    }

    /** Every documented operation, keyed as the server lists its routes. */
    Map<String, Operation> operations() {
        Map<String, Operation> out = new TreeMap<>();
        doc.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            boolean ws = op.getExtensions() != null && Boolean.TRUE.equals(op.getExtensions().get("x-websocket"));
            out.put((ws ? "WS" : method.name()) + " " + path, op);
        }));
        return out;
    }

    PathItem pathItem(String path) {
        PathItem item = doc.getPaths().get(path);
        assertThat(item).as("the document describes %s", path).isNotNull();
        return item;
    }

    Operation operation(String method, String path) {
        Operation op = pathItem(path).readOperationsMap().get(PathItem.HttpMethod.valueOf(method));
        assertThat(op).as("the document describes %s %s", method, path).isNotNull();
        return op;
    }

    /** Path-item and operation parameters, $refs resolved. */
    List<Parameter> parameters(String path, Operation op) {
        List<Parameter> all = new ArrayList<>();
        if (pathItem(path).getParameters() != null) {
            all.addAll(pathItem(path).getParameters());
        }
        if (op.getParameters() != null) {
            all.addAll(op.getParameters());
        }
        return all.stream().map(this::resolve).toList();
    }

    private Parameter resolve(Parameter p) {
        if (p.get$ref() == null) {
            return p;
        }
        return doc.getComponents().getParameters().get(p.get$ref().substring(p.get$ref().lastIndexOf('/') + 1));
    }

    ApiResponse response(Operation op, int status) {
        ApiResponse r = op.getResponses().get(String.valueOf(status));
        if (r != null && r.get$ref() != null) {
            r = doc.getComponents().getResponses().get(r.get$ref().substring(r.get$ref().lastIndexOf('/') + 1));
        }
        return r;
    }

    /**
     * Asserts that the document lists this status for the operation, with the content type the
     * server sent, and that the body matches that schema.
     */
    Api.Res conforms(String method, String path, Api.Res res) {
        Operation op = operation(method, path);
        ApiResponse documented = response(op, res.status());
        assertThat(documented).as("%s %s answered %s, which the document does not list: %s",
                method, path, res.status(), res.raw()).isNotNull();
        if (documented.getContent() == null || documented.getContent().isEmpty()) {
            assertThat(res.raw()).as("%s %s %s has no documented body", method, path, res.status()).isEmpty();
            return res;
        }
        String type = res.contentType().split(";")[0].trim();
        MediaType media = documented.getContent().get(type);
        assertThat(media).as("%s %s %s answered %s; the document lists %s", method, path, res.status(), type,
                documented.getContent().keySet()).isNotNull();
        if (!type.endsWith("json")) {
            assertThat(res.raw()).as("%s %s %s body", method, path, res.status()).isNotEmpty();
            return res;
        }
        assertThat(res.body()).as("%s %s %s body is JSON", method, path, res.status()).isNotNull();
        assertThat(schemas.problems(media.getSchema(), res.body()))
                .as("%s %s %s body %s", method, path, res.status(), res.raw()).isEmpty();
        return res;
    }

    /** Asserts that a value (a WebSocket frame, say) matches a named schema. */
    void conforms(String schema, JsonNode value) {
        assertThat(schemas.problems(schemas.named(schema), value)).as("%s %s", schema, value).isEmpty();
    }
}
