package dev.parley.bench;

import dev.parley.account.JdbcAccountStore;
import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Makes an account of a spawned node an administrator, as {@code parley admin grant} does, on the
 * node's store: {@code --erase} follows the erasure job through the administrators' route, the
 * only one that shows a job whose account is gone. One UPDATE of the accounts row, which the
 * running node does not keep in memory (unlike SQLite's event counters, which nothing here touches).
 */
final class SpawnedAdmin {
    private SpawnedAdmin() {}

    static void grant(Path spawnData, String accountId) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putIfAbsent("PARLEY_DATA_DIR", spawnData.toString()); // as Spawned gives the node
        Settings s = Settings.load(null, env, Map.of());
        try (Database db = Database.open(s.get(Keys.DATABASE_URL), s.get(Keys.DATA_DIR), 1)) {
            new JdbcAccountStore(db, Clock.systemUTC()).setAdmin(accountId, true);
        }
    }
}
