package dev.parley;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.testing.Api;
import dev.parley.testing.Eventually;
import dev.parley.testing.NodeFixture;
import dev.parley.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code parley admin suspend} runs in another process beside a node that caches tokens, with no
 * Redis to tell it. The node learns of it from the store's count of access changes (read at most
 * once per {@code app.recheck}), as it does for an app revoked by the CLI, not after its 30 s cache.
 */
class SuspendCliTest {
    /** A recheck on every request: what the node does right after the command is what it knows then. */
    @RegisterExtension
    static final NodeFixture EAGER = NodeFixture.with(Map.of("app.recheck", "1ms"));

    /** The default recheck (1 s). */
    @RegisterExtension
    static final NodeFixture PLAIN = NodeFixture.with(Map.of());

    private static void cli(TestNode node, String... args) throws Exception {
        Settings s = node.node().settings();
        Path conf = Files.createTempFile("parley", ".conf");
        Files.writeString(conf, "data_dir=" + s.get(Keys.DATA_DIR) + "\ndatabase_url=" + s.get(Keys.DATABASE_URL) + "\n");
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--config";
        full[args.length + 1] = conf.toString();
        assertThat(new CommandLine(new Main()).execute(full)).isZero();
    }

    @Test
    void theSendAfterTheCommandReturnsIsRefused() throws Exception {
        TestNode node = EAGER.node();
        Api api = node.api;
        Api.Person sam = api.signUp("sam_suspended");
        Api.Person kit = api.signUp("kit_friend");
        api.befriend(sam, kit);
        String conversation = api.open(sam, kit);
        api.send(sam, conversation, "before").expect(201); // the token is verified and cached on the node

        cli(node, "admin", "suspend", "sam_suspended");

        Api.Res after = api.send(sam, conversation, "after the suspension");
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.contentType()).contains("application/problem+json");
        assertThat(api.get("/api/v1/me", sam.token()).status()).isEqualTo(401);
        api.get("/api/v1/me", kit.token()).expect(200); // everyone else's cached token is read again, and holds
    }

    @Test
    void withTheDefaultRecheckTheCachedTokenEndsWithinIt() throws Exception {
        TestNode node = PLAIN.node();
        Api api = node.api;
        Api.Person lee = api.signUp("lee_suspended");
        api.get("/api/v1/me", lee.token()).expect(200);
        cli(node, "admin", "suspend", "lee_suspended");
        // Within app.recheck (1 s), where the node used to honour it for the rest of its 30 s in the cache.
        Eventually.await("the node refuses the suspended account's cached token", Duration.ofSeconds(8),
                () -> api.get("/api/v1/me", lee.token()).status() == 401);
    }

    /**
     * An open socket of the account closes within about app.recheck although no request comes (it waited for the
     * sockets' 10 s sweep); everyone else's stays open.
     */
    @Test
    void anOpenSocketClosesWithinTheRecheckWithoutARequest() throws Exception {
        TestNode node = PLAIN.node();
        Api api = node.api;
        Api.Person rae = api.signUp("rae_suspended");
        Api.Person ola = api.signUp("ola_stays");
        try (dev.parley.testing.Socket raes = dev.parley.testing.Socket.open(node, rae.token());
             dev.parley.testing.Socket olas = dev.parley.testing.Socket.open(node, ola.token())) {
            cli(node, "admin", "suspend", "rae_suspended");
            // The sweep runs every 10 s: 4 s tells the two apart.
            assertThat(raes.awaitClose(Duration.ofSeconds(4))).isEqualTo(4401);
            assertThat(olas.isClosed()).isFalse();
        }
    }
}
