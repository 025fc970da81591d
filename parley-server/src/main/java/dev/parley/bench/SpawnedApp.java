package dev.parley.bench;

import dev.parley.app.AppStore;
import dev.parley.app.Apps;
import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The app a spawned node's {@code --auth app-token|jwt} run uses, made on the node's store before
 * the node starts (never beside a running node: it keeps SQLite's counters in memory): an app
 * named {@value #NAME}, created or given a fresh secret, and the HS256 secret its JWTs are signed
 * with, kept in the data directory so a saved population's JWTs stay valid from run to run.
 */
record SpawnedApp(String secret, String jwtSecret) {
    static final String NAME = "bench";

    static SpawnedApp prepare(Path spawnData) throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putIfAbsent("PARLEY_DATA_DIR", spawnData.toString()); // as Spawned gives the node
        Settings s = Settings.load(null, env, Map.of());
        String secret;
        try (Database db = Database.open(s.get(Keys.DATABASE_URL), s.get(Keys.DATA_DIR), 2)) {
            db.migrate();
            Apps apps = new Apps(db, new AppStore(db), Clock.systemUTC());
            secret = apps.find(NAME).isPresent() ? apps.rotate(NAME, Duration.ZERO).secret() : apps.create(NAME).secret();
        }
        Path keyFile = spawnData.resolve("bench-jwt.secret");
        if (!Files.exists(keyFile)) {
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            Files.writeString(keyFile, Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
        }
        return new SpawnedApp(secret, Files.readString(keyFile).strip());
    }

    /** The node's settings for app JWTs signed by the bench. */
    Map<String, String> nodeSettings(String issuer, String audience) {
        return Map.of("PARLEY_AUTH_JWT_APP", NAME, "PARLEY_AUTH_JWT_ISSUER", issuer,
                "PARLEY_AUTH_JWT_AUDIENCE", audience, "PARLEY_AUTH_JWT_HS256_SECRET", jwtSecret);
    }
}
