package dev.parley.notify;

import dev.parley.store.Database;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;

/** The {@code notify_preferences} table: one row per account that chose; none means the defaults. */
public final class PreferenceStore {
    private static final String GET = "SELECT level, show_text, quiet_start, quiet_end, quiet_zone "
            + "FROM notify_preferences WHERE account_id = ?";
    private static final String UPSERT = "INSERT INTO notify_preferences "
            + "(account_id, level, show_text, quiet_start, quiet_end, quiet_zone) VALUES (?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (account_id) DO UPDATE SET level = excluded.level, show_text = excluded.show_text, "
            + "quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end, quiet_zone = excluded.quiet_zone";

    private final Database db;

    public PreferenceStore(Database db) {
        this.db = db;
    }

    public Preferences of(String accountId) {
        return db.read(h -> h.createQuery(GET).bind(0, accountId).map((rs, c) -> {
            String start = rs.getString(3);
            Preferences.QuietHours quiet = start == null ? null : new Preferences.QuietHours(LocalTime.parse(start),
                    LocalTime.parse(rs.getString(4)), ZoneId.of(rs.getString(5)));
            return new Preferences(rs.getString(1), rs.getBoolean(2), quiet);
        }).findOne()).orElse(Preferences.DEFAULT);
    }

    public void put(String accountId, Preferences p) {
        Optional<Preferences.QuietHours> q = Optional.ofNullable(p.quietHours());
        db.writeVoid(h -> h.createUpdate(UPSERT)
                .bind(0, accountId)
                .bind(1, p.level())
                .bind(2, p.showText())
                .bind(3, q.map(x -> x.start().toString()).orElse(null))
                .bind(4, q.map(x -> x.end().toString()).orElse(null))
                .bind(5, q.map(x -> x.timeZone().getId()).orElse(null))
                .execute());
    }
}
