package dev.parley.http;

import io.javalin.config.RoutesConfig;

/** A feature's HTTP and WebSocket endpoints, registered into the one server. */
@FunctionalInterface
public interface Routes {
    void register(RoutesConfig routes);
}
