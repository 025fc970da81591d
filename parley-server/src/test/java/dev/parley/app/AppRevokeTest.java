package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.Main;
import dev.parley.account.JdbcAccountStore;
import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.testing.Api;
import dev.parley.testing.Eventually;
import dev.parley.testing.NodeFixture;
import dev.parley.testing.RedisServer;
import dev.parley.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code parley admin app revoke} runs in another process, beside running nodes that cache app
 * secrets. Its revoke takes effect on them at once through Redis, and without Redis within
 * {@code app.recheck} (the nodes read a one-row count of app changes), not after a 30 s cache.
 */
class AppRevokeTest {
    static final RedisServer REDIS = RedisServer.start();

    /** No Redis: only the store tells the node. */
    @RegisterExtension
    static final NodeFixture ALONE = NodeFixture.with(Map.of());

    /** Redis, and a recheck of the store too rare to matter: only the CLI's signal can tell the node in time. */
    @RegisterExtension
    static final NodeFixture SIGNALLED = NodeFixture.with(Map.of("redis_url", REDIS.url(), "app.recheck", "1h"));

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    private static String createApp(TestNode node, String name) {
        Api api = node.api;
        Api.Person root = api.signUp("keeper_" + name.replace('-', '_'));
        new JdbcAccountStore(node.node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
        String secret = api.post("/api/v1/admin/apps", root.token(), Map.of("name", name)).expect(201)
                .body().get("secret").asText();
        api.call("PUT", "/api/v1/app/users/kim", secret, Map.of("display_name", "Kim")).expect(201);
        return secret;
    }

    /** The admin command as an operator runs it, with the node's settings file. */
    private static void cli(TestNode node, String... args) throws Exception {
        Settings s = node.node().settings();
        Path conf = Files.createTempFile("parley", ".conf");
        Files.writeString(conf, "data_dir=" + s.get(Keys.DATA_DIR) + "\ndatabase_url=" + s.get(Keys.DATABASE_URL)
                + "\nredis_url=" + s.get(Keys.REDIS_URL) + "\n");
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--config";
        full[args.length + 1] = conf.toString();
        assertThat(new CommandLine(new Main()).execute(full)).isZero();
    }

    private static int status(TestNode node, String secret) {
        return node.api.get("/api/v1/app/users/kim", secret).status();
    }

    @Test
    void withoutRedisTheNodeSeesTheRevokeInTheStoreWithinTheRecheck() throws Exception {
        TestNode node = ALONE.node();
        String secret = createApp(node, "rv-alone");
        assertThat(status(node, secret)).isEqualTo(200); // cached on the node now
        cli(node, "admin", "app", "revoke", "rv-alone");
        // Within app.recheck (1 s) and well before the old 30 s cache would have let go.
        Eventually.await("the node refuses the revoked secret", Duration.ofSeconds(8), () -> status(node, secret) == 401);
        assertThat(node.api.get("/api/v1/app/users/kim", secret).contentType()).contains("application/problem+json");
    }

    @Test
    void withRedisTheCliTellsTheRunningNodeAtOnce() throws Exception {
        TestNode node = SIGNALLED.node();
        String secret = createApp(node, "rv-signal");
        String other = createApp(node, "rv-other");
        assertThat(status(node, secret)).isEqualTo(200);
        assertThat(status(node, other)).isEqualTo(200);
        cli(node, "admin", "app", "revoke", "rv-signal");
        Eventually.await("the node refuses the revoked secret", Duration.ofSeconds(8), () -> status(node, secret) == 401);
        // Acting as a user with the secret is refused as well; another app is untouched.
        assertThat(node.api.call("GET", "/api/v1/me", secret, null, Map.of("X-Parley-User", "kim")).status())
                .isEqualTo(401);
        assertThat(status(node, other)).isEqualTo(200);

        // A rotate from the CLI with no grace ends the old secret the same way.
        cli(node, "admin", "app", "rotate", "rv-other", "--grace", "1ms");
        Eventually.await("the node refuses the rotated secret", Duration.ofSeconds(8), () -> status(node, other) == 401);
    }

    private static String mint(TestNode node, String secret) {
        return node.api.post("/api/v1/app/users/kim/tokens", secret, Map.of("ttl_seconds", 3600)).expect(201)
                .body().get("token").asText();
    }

    /** A revoked app's secret may have leaked: the client tokens minted with it end with it, not hours later. */
    @Test
    void theAdminsRevokeEndsTheTokensTheAppMinted() {
        TestNode node = ALONE.node();
        Api api = node.api;
        Api.Person root = api.signUp("keeper_minted");
        new JdbcAccountStore(node.node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
        String secret = api.post("/api/v1/admin/apps", root.token(), Map.of("name", "rv-minted")).expect(201)
                .body().get("secret").asText();
        api.call("PUT", "/api/v1/app/users/kim", secret, Map.of("display_name", "Kim")).expect(201);
        String used = mint(node, secret);
        String unused = mint(node, secret);
        api.get("/api/v1/me", used).expect(200); // verified and cached on the node

        api.post("/api/v1/admin/apps/rv-minted/revoke", root.token(), null).expect(204);
        assertThat(api.get("/api/v1/me", used).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/me", unused).status()).isEqualTo(401);
    }

    @Test
    void theCommandsRevokeEndsTheTokensTheAppMinted() throws Exception {
        TestNode node = ALONE.node();
        String secret = createApp(node, "rv-minted-cli");
        String minted = mint(node, secret);
        String used = mint(node, secret);
        node.api.get("/api/v1/me", used).expect(200); // verified and cached on the node
        cli(node, "admin", "app", "revoke", "rv-minted-cli");
        // Never used before, so never cached: refused at once, its session gone from the store.
        assertThat(node.api.get("/api/v1/me", minted).status()).isEqualTo(401);
        // The cached one within app.recheck (1 s): the node reads the store's count of app changes and drops
        // its cached tokens, where it used to honour this one for the rest of its 30 s in the cache.
        Eventually.await("the node refuses the cached minted token", Duration.ofSeconds(8),
                () -> node.api.get("/api/v1/me", used).status() == 401);
    }
}
