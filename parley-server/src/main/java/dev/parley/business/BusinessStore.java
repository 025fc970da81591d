package dev.parley.business;

import dev.parley.store.Database;
import dev.parley.store.Dialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Who runs each business page, in what role, and whose turn it is in the round-robin. */
public final class BusinessStore {
    private static final String COLUMNS = "business_id, account_id, role, created_at, assigned_turn";
    private static final String INSERT_AGENT = "INSERT INTO business_agents (business_id, account_id, role, created_at) "
            + "VALUES (?, ?, ?, ?)";
    private static final String ROLE = "SELECT role FROM business_agents WHERE business_id = ? AND account_id = ?";
    private static final String OF_ACCOUNT = "SELECT business_id FROM business_agents WHERE account_id = ? ORDER BY created_at";
    private static final String AGENT = "SELECT " + COLUMNS + " FROM business_agents WHERE business_id = ? AND account_id = ?";
    private static final String AGENTS = "SELECT " + COLUMNS + " FROM business_agents WHERE business_id = ? "
            + "ORDER BY created_at, account_id";
    /**
     * The agents, locked on PostgreSQL so two nodes don't both pick one agent: always in account
     * order, whatever the turns, so two nodes locking them at once cannot deadlock.
     */
    private static final String ROTATION = "SELECT " + COLUMNS + " FROM business_agents WHERE business_id = ? "
            + "ORDER BY account_id";
    private static final String SET_ROLE = "UPDATE business_agents SET role = ? WHERE business_id = ? AND account_id = ?";
    private static final String REMOVE = "DELETE FROM business_agents WHERE business_id = ? AND account_id = ?";
    private static final String TAKE_TURN = "UPDATE business_agents SET assigned_turn = "
            + "(SELECT MAX(assigned_turn) FROM business_agents WHERE business_id = ?) + 1 "
            + "WHERE business_id = ? AND account_id = ?";
    /** Whose turn: the lowest turn first (sorted once the rows are locked, see {@link #rotation}). */
    private static final Comparator<Agent> TURN_ORDER = Comparator.comparingLong(Agent::assignedTurn)
            .thenComparing(Agent::addedAt).thenComparing(Agent::accountId);

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

    public Optional<Agent> agent(Handle h, String businessId, String accountId) {
        return h.createQuery(AGENT).bind(0, businessId).bind(1, accountId).map((rs, c) -> map(rs)).findOne();
    }

    public List<Agent> agents(Handle h, String businessId) {
        return h.createQuery(AGENTS).bind(0, businessId).map((rs, c) -> map(rs)).list();
    }

    /**
     * The business's agents in round-robin order, locked until commit on PostgreSQL.
     *
     * @implNote Sorted by turn here, after the locks are taken, not by the query: PostgreSQL sorts
     * a locking SELECT before it waits for the locks, so a node that waited while another node's
     * assignment moved an agent to the back got that agent's new turn in its old place, and gave
     * the same agent the next conversation too; and two nodes that sorted at different moments
     * locked the agents in different orders and could deadlock. The rows a locking SELECT returns
     * after its wait are the current ones, so sorting them then gives the true order.
     */
    public List<Agent> rotation(Handle h, String businessId) {
        String sql = db.dialect() == Dialect.POSTGRES ? ROTATION + " FOR UPDATE" : ROTATION;
        return h.createQuery(sql).bind(0, businessId).map((rs, c) -> map(rs)).list().stream()
                .sorted(TURN_ORDER).toList();
    }

    public void setRole(Handle h, String businessId, String accountId, String role) {
        h.execute(SET_ROLE, role, businessId, accountId);
    }

    public void removeAgent(Handle h, String businessId, String accountId) {
        h.execute(REMOVE, businessId, accountId);
    }

    /** The agent was just given a conversation: it goes to the back of the round-robin. */
    public void takeTurn(Handle h, String businessId, String accountId) {
        h.execute(TAKE_TURN, businessId, businessId, accountId);
    }

    private static Agent map(ResultSet rs) throws SQLException {
        return new Agent(rs.getString("business_id"), rs.getString("account_id"), rs.getString("role"),
                Instant.ofEpochMilli(rs.getLong("created_at")), rs.getLong("assigned_turn"));
    }
}
