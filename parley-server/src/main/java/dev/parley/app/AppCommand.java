package dev.parley.app;

import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.http.ApiException;
import dev.parley.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley admin app create|rotate|revoke NAME}: apps, on the configured store. */
@Command(name = "app", mixinStandardHelpOptions = true, description = "Create, rotate or revoke an app's secret.",
        subcommands = {AppCommand.Create.class, AppCommand.Rotate.class, AppCommand.Revoke.class})
public final class AppCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    abstract static class Base implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--config", description = "the same settings file the server uses")
        Path config;

        @Parameters(index = "0", description = "the app's name (or id)")
        String name;

        @Override
        public Integer call() {
            Settings s = Settings.load(config, System.getenv(), Map.of());
            try (Database db = dev.parley.store.StoreModule.openExisting(s, spec.commandLine().getErr())) {
                apply(new Apps(db, new AppStore(db), Clock.systemUTC()), s);
                return 0;
            } catch (ApiException e) {
                spec.commandLine().getErr().println("parley: " + e.detail());
                return 1;
            }
        }

        abstract void apply(Apps apps, Settings s);

        /**
         * Tells the running nodes that an app changed, so they drop their cached secrets at once:
         * through Redis when the settings name one; without it each node sees the change in the
         * store within {@code app.recheck} (1 s by default).
         */
        void announce(Settings s) {
            if (s.get(Keys.REDIS_URL).isEmpty()) {
                return;
            }
            try (dev.parley.cluster.Redis redis = dev.parley.cluster.Redis.connect(s.get(Keys.REDIS_URL))) {
                dev.parley.delivery.RedisBroadcast.publishNow(redis, new dev.parley.delivery.Broadcast.AppsChanged("admin-cli"));
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("parley: Redis unreachable; the nodes apply the change within "
                        + s.get(Keys.APP_RECHECK).toMillis() + " ms (" + e.getMessage() + ")");
            }
        }

        void printSecret(Apps.Created c, String what) {
            var out = spec.commandLine().getOut();
            out.println(what + " app " + c.name() + " (id " + c.id() + ")");
            out.println("secret: " + c.secret());
            out.println("Keep the secret now: it is stored hashed and never shown again.");
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Make an app and show its secret once.")
    static final class Create extends Base {
        @Override
        void apply(Apps apps, Settings s) {
            Apps.Created c = apps.create(name);
            printSecret(c, "created");
            warnIfJwtsSignIntoAnother(apps, s, c);
        }

        /**
         * App JWTs on with no {@code auth.jwt_app}: they sign users in to the only app there was when
         * the node started (made as "default" if there was none), not to this one. Its users and the
         * JWT's would be two networks that 404 each other, which nothing else says until the next
         * start refuses (several apps, none named).
         */
        private void warnIfJwtsSignIntoAnother(Apps apps, Settings s, Apps.Created made) {
            if (!AppFeature.jwtsOn(s) || !s.get(Keys.AUTH_JWT_APP).isEmpty()) {
                return;
            }
            java.util.List<String> others = apps.store().all().stream()
                    .filter(a -> !a.revoked() && !a.id().equals(made.id())).map(App::name).toList();
            if (others.isEmpty()) {
                return; // the only app: a node started from now on takes it for its JWTs
            }
            spec.commandLine().getErr().println("parley: warning: app JWTs are on (auth.jwt_issuer) and auth.jwt_app is"
                    + " empty: a running node signs JWT users in to app " + String.join(", ", others)
                    + ", not to " + made.name() + ", and a node started now refuses to start (several apps)."
                    + " If your JWTs are this app's, set auth.jwt_app=" + made.name() + " and restart the nodes.");
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Give the app a new secret; the old one works for the grace period (app.secret_grace).")
    static final class Rotate extends Base {
        @Option(names = "--grace", description = "how long the old secret keeps working, e.g. 1h (default: app.secret_grace)")
        String grace;

        @Override
        void apply(Apps apps, Settings s) {
            Duration g = grace == null ? s.get(Keys.APP_SECRET_GRACE) : dev.parley.config.Durations.parse(grace);
            printSecret(apps.rotate(name, g), "rotated");
            announce(s);
            // An instant, not "PT1H from now": the operator can tell their app's team when to switch by.
            spec.commandLine().getOut().println("The old secret works until "
                    + java.time.Instant.now().plus(g).truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ".");
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "End the app: its secrets and JWTs stop working (on running nodes at once with Redis, else "
                    + "within app.recheck) and the tokens it minted are deleted. Users and messages stay.")
    static final class Revoke extends Base {
        @Override
        void apply(Apps apps, Settings s) {
            App a = apps.revoke(name);
            announce(s);
            spec.commandLine().getOut().println("revoked app " + a.name() + " (id " + a.id() + ")");
        }
    }
}
