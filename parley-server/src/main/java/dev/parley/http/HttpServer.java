package dev.parley.http;

import io.javalin.Javalin;
import io.javalin.event.HandlerMetaInfo;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.util.List;

/**
 * The node's HTTP and WebSocket server: JSON, problem+json for every failure, the request size
 * limit, and the routes each feature registers.
 */
public final class HttpServer {
    public static final long MAX_BODY_BYTES = 256 * 1024;

    private HttpServer() {}

    /** The server and every "METHOD /path" it answers (WS for WebSocket endpoints). */
    public record Server(Javalin app, List<String> routes) {}

    public static Server create(String host, int port, List<Routes> features) {
        List<String> registered = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<HandlerMetaInfo> gets = new java.util.ArrayList<>();
        java.util.Set<String> heads = new java.util.HashSet<>();
        Javalin app = Javalin.create(cfg -> {
            cfg.events.handlerAdded(info -> {
                if (info.getHttpMethod() == HandlerType.GET) {
                    gets.add(info);
                } else if (info.getHttpMethod() == HandlerType.HEAD) {
                    heads.add(info.getPath());
                }
                String method = info.getHttpMethod().toString();
                if (List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    // "<path>" (a parameter that may hold slashes) is listed as OpenAPI writes parameters.
                    registered.add(method + " " + info.getPath().replaceAll("<([^>]+)>", "{$1}"));
                }
            });
            cfg.events.wsHandlerAdded(info -> registered.add("WS " + info.getPath()));
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            cfg.http.maxRequestSize = MAX_BODY_BYTES;
            cfg.http.prefer405over404 = true; // a known route with the wrong method says so, not "no such route"
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.jetty.modifyServletContextHandler(HttpServer::noHttpSessions);
            cfg.startup.showJavalinBanner = false;
            cfg.router.ignoreTrailingSlashes = true;
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> {
                if (e.getStatus() == 413) {
                    UnreadBody.dropRest(ctx); // Javalin was reading it: the client is sending
                } else {
                    UnreadBody.dropBeforeAnswering(ctx);
                }
                Problems.render(ctx, fromJavalin(e));
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                UnreadBody.dropBeforeAnswering(ctx);
                Problems.handle(e, ctx);
            });
            // Path and query parameters obey the same text rules as bodies (a %00 reached the store).
            cfg.routes.before(ctx -> {
                InputText.checkUriPart(ctx.req().getRequestURI(), "path");
                InputText.checkUriPart(ctx.queryString(), "query string");
            });
            cfg.routes.error(404, ctx -> {
                if (!String.valueOf(ctx.res().getContentType()).startsWith(Problems.CONTENT_TYPE)
                        && !ctx.path().startsWith("/api/v1/stream")) {
                    Problems.render(ctx, ApiException.unknownRoute());
                }
            });
            // Javalin answers a body that stops arriving (fewer bytes than its Content-Length, the
            // connection kept open) with a bare 408 text/plain once Jetty's idle timeout passes.
            cfg.routes.error(408, ctx -> Problems.render(ctx, ApiException.ofStatus(408, "Request timeout",
                    "The request body stopped arriving before its Content-Length; send it again.")));
            cfg.routes.error(405, ctx -> Problems.render(ctx,
                    new ApiException(405, "method_not_allowed", "Method not allowed", ctx.method() + " is not supported here.")));
            for (Routes f : features) {
                f.register(cfg.routes);
            }
            // HEAD is GET without the body (RFC 9110 9.3.2): the GET's own handler answers it, with its
            // status, headers and problems, and Jetty sends no body. Javalin answered every HEAD on a GET
            // route 200 text/plain without running it, signed in or not.
            for (HandlerMetaInfo get : List.copyOf(gets)) {
                if (!heads.contains(get.getPath())) { // a route with a HEAD of its own (the web page) keeps it
                    cfg.routes.head(get.getPath(), get.getHandler());
                }
            }
        });
        return new Server(app, registered);
    }

    /**
     * Parley authenticates every call with a token and keeps no HTTP session, but Javalin asks for
     * one on every WebSocket upgrade (to copy its attributes), even a refused one: each left a
     * live session and a {@code JSESSIONID} cookie. Sessions here live for one request only (no
     * cache, no store) and are never offered as a cookie.
     */
    private static void noHttpSessions(org.eclipse.jetty.ee10.servlet.ServletContextHandler context) {
        org.eclipse.jetty.ee10.servlet.SessionHandler sessions = new org.eclipse.jetty.ee10.servlet.SessionHandler();
        sessions.setUsingCookies(false);
        org.eclipse.jetty.session.NullSessionCache cache = new org.eclipse.jetty.session.NullSessionCache(sessions);
        cache.setSessionDataStore(new org.eclipse.jetty.session.NullSessionDataStore());
        sessions.setSessionCache(cache);
        context.setSessionHandler(sessions);
    }

    private static ApiException fromJavalin(HttpResponseException e) {
        int status = e.getStatus();
        return switch (status) {
            case 413 -> new ApiException(413, "payload_too_large", "Payload too large",
                    "The body is over " + MAX_BODY_BYTES / 1024 + " KiB.");
            case 400 -> ApiException.badRequest(e.getMessage());
            case 404 -> ApiException.unknownRoute();
            case 405 -> new ApiException(405, "method_not_allowed", "Method not allowed", e.getMessage());
            default -> ApiException.ofStatus(status, e.getMessage(), e.getMessage());
        };
    }
}
