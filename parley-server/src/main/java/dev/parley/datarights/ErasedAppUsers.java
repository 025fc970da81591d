package dev.parley.datarights;

import dev.parley.app.ErasedUsers;
import dev.parley.store.Database;
import java.time.Instant;
import java.util.Optional;

/** An app's erased users as the app's JWTs need them: the latest erasure job of the external id (V217's index). */
public final class ErasedAppUsers implements ErasedUsers {
    private static final String LAST = "SELECT MAX(created_at) FROM erasure_jobs WHERE app_id = ? AND external_id = ?";

    private final Database db;

    public ErasedAppUsers(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Instant> lastErased(String appId, String externalId) {
        return db.read(h -> h.createQuery(LAST).bind(0, appId).bind(1, externalId).mapTo(Long.class).findOne())
                .map(Instant::ofEpochMilli);
    }
}
