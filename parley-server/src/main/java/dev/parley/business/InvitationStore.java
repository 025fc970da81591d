package dev.parley.business;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Pending invitations to businesses' teams; a row goes once it is accepted, declined or withdrawn. */
final class InvitationStore {
    private static final String COLUMNS = "id, business_id, account_id, role, invited_by, created_at";
    private static final String INSERT = "INSERT INTO agent_invitations (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM agent_invitations WHERE id = ?";
    private static final String OF_PERSON = "SELECT " + COLUMNS + " FROM agent_invitations "
            + "WHERE business_id = ? AND account_id = ?";
    private static final String OF_BUSINESS = "SELECT " + COLUMNS + " FROM agent_invitations WHERE business_id = ? "
            + "ORDER BY created_at, id";
    private static final String MINE = "SELECT " + COLUMNS + " FROM agent_invitations WHERE account_id = ? "
            + "ORDER BY created_at, id";
    private static final String SET_ROLE = "UPDATE agent_invitations SET role = ? WHERE id = ?";
    private static final String DELETE = "DELETE FROM agent_invitations WHERE id = ?";

    void insert(Handle h, Invitation i) {
        h.execute(INSERT, i.id(), i.businessId(), i.accountId(), i.role(), i.invitedBy(), i.createdAt().toEpochMilli());
    }

    Optional<Invitation> byId(Handle h, String id) {
        return h.createQuery(BY_ID).bind(0, id).map((rs, c) -> map(rs)).findOne();
    }

    Optional<Invitation> of(Handle h, String businessId, String accountId) {
        return h.createQuery(OF_PERSON).bind(0, businessId).bind(1, accountId).map((rs, c) -> map(rs)).findOne();
    }

    List<Invitation> ofBusiness(Handle h, String businessId) {
        return h.createQuery(OF_BUSINESS).bind(0, businessId).map((rs, c) -> map(rs)).list();
    }

    List<Invitation> mine(Handle h, String accountId) {
        return h.createQuery(MINE).bind(0, accountId).map((rs, c) -> map(rs)).list();
    }

    void setRole(Handle h, String id, String role) {
        h.execute(SET_ROLE, role, id);
    }

    boolean delete(Handle h, String id) {
        return h.execute(DELETE, id) > 0;
    }

    private static Invitation map(ResultSet rs) throws SQLException {
        return new Invitation(rs.getString("id"), rs.getString("business_id"), rs.getString("account_id"),
                rs.getString("role"), rs.getString("invited_by"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
