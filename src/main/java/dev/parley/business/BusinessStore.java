package dev.parley.business;

import dev.parley.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Who runs each business page, and in what role. */
public final class BusinessStore {
    private static final String INSERT_AGENT = "INSERT INTO business_agents (business_id, account_id, role, created_at) "
            + "VALUES (?, ?, ?, ?)";
    private static final String ROLE = "SELECT role FROM business_agents WHERE business_id = ? AND account_id = ?";
    private static final String OF_ACCOUNT = "SELECT business_id FROM business_agents WHERE account_id = ? ORDER BY created_at";

    private final Database db;
    private final Clock clock;

    public BusinessStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public void addAgent(Handle h, String businessId, String accountId, String role) {
        h.execute(INSERT_AGENT, businessId, accountId, role, clock.millis());
    }

    public Optional<String> role(String businessId, String accountId) {
        return db.read(h -> h.createQuery(ROLE).bind(0, businessId).bind(1, accountId).mapTo(String.class).findOne());
    }

    public List<String> businessesOf(String accountId) {
        return db.read(h -> h.createQuery(OF_ACCOUNT).bind(0, accountId).mapTo(String.class).list());
    }
}
