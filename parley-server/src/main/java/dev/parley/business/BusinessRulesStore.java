package dev.parley.business;

import dev.parley.policy.BusinessFacts;
import dev.parley.store.Database;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The consent ledger and the outreach and promotion logs, and the facts the business rules read from them. */
public final class BusinessRulesStore implements BusinessFacts {
    private static final String LAST_FROM = "SELECT MAX(created_at) FROM messages WHERE conversation_id = ? AND sender_id = ?";
    private static final String ACTIVE_CONSENT = "SELECT 1 FROM consents WHERE business_id = ? AND account_id = ? "
            + "AND withdrawn_at IS NULL";
    private static final String GRANT = "INSERT INTO consents (business_id, account_id, granted_at, method) VALUES (?, ?, ?, ?)";
    private static final String WITHDRAW = "UPDATE consents SET withdrawn_at = ? WHERE business_id = ? AND account_id = ? "
            + "AND withdrawn_at IS NULL";
    private static final String LEDGER = "SELECT account_id, granted_at, method, withdrawn_at FROM consents "
            + "WHERE business_id = ? ORDER BY granted_at DESC LIMIT ?";
    private static final String PROMOTIONS = "SELECT COUNT(*) FROM promotions_log WHERE business_id = ? AND account_id = ? "
            + "AND sent_at > ?";
    private static final String LOG_PROMOTION = "INSERT INTO promotions_log (business_id, account_id, sent_at) VALUES (?, ?, ?)";
    private static final String OUTREACH = "SELECT COUNT(*) FROM outreach_log WHERE business_id = ? AND sent_at > ?";
    private static final String SAME_PRINT = "SELECT COUNT(DISTINCT recipient_id) FROM outreach_log WHERE business_id = ? "
            + "AND fingerprint = ? AND recipient_id <> ? AND sent_at > ?";
    private static final String LOG_OUTREACH = "INSERT INTO outreach_log (business_id, recipient_id, fingerprint, sent_at) "
            + "VALUES (?, ?, ?, ?)";

    private final Database db;

    public BusinessRulesStore(Database db) {
        this.db = db;
    }

    /** One entry of the consent ledger. */
    public record Consent(String accountId, Instant grantedAt, String method, Instant withdrawnAt) {}

    @Override
    public Optional<Instant> lastMessageFrom(String conversationId, String customerId) {
        return db.read(h -> {
            Long at = h.createQuery(LAST_FROM).bind(0, conversationId).bind(1, customerId).mapTo(Long.class).one();
            return Optional.ofNullable(at).map(Instant::ofEpochMilli);
        });
    }

    @Override
    public boolean consented(String businessId, String customerId) {
        return db.read(h -> h.createQuery(ACTIVE_CONSENT).bind(0, businessId).bind(1, customerId).mapTo(Integer.class)
                .findFirst().isPresent());
    }

    @Override
    public int promotionsSince(String businessId, String customerId, Instant since) {
        return db.read(h -> h.createQuery(PROMOTIONS).bind(0, businessId).bind(1, customerId).bind(2, since.toEpochMilli())
                .mapTo(Integer.class).one());
    }

    @Override
    public int outreachSince(String businessId, Instant since) {
        return db.read(h -> h.createQuery(OUTREACH).bind(0, businessId).bind(1, since.toEpochMilli()).mapTo(Integer.class).one());
    }

    @Override
    public int recipientsWithFingerprintSince(String businessId, String fingerprint, String excludingRecipient, Instant since) {
        return db.read(h -> h.createQuery(SAME_PRINT).bind(0, businessId).bind(1, fingerprint).bind(2, excludingRecipient)
                .bind(3, since.toEpochMilli()).mapTo(Integer.class).one());
    }

    /** Opts in; a second opt-in while one is active changes nothing. */
    public void grant(String businessId, String accountId, String method, Instant at) {
        db.writeVoid(h -> {
            boolean active = h.createQuery(ACTIVE_CONSENT).bind(0, businessId).bind(1, accountId).mapTo(Integer.class)
                    .findFirst().isPresent();
            if (!active) {
                h.execute(GRANT, businessId, accountId, at.toEpochMilli(), method);
            }
        });
    }

    public void withdraw(String businessId, String accountId, Instant at) {
        db.writeVoid(h -> h.execute(WITHDRAW, at.toEpochMilli(), businessId, accountId));
    }

    public List<Consent> ledger(String businessId, int limit) {
        return db.read(h -> h.createQuery(LEDGER).bind(0, businessId).bind(1, limit).map((rs, c) -> {
            long withdrawn = rs.getLong("withdrawn_at");
            Instant w = rs.wasNull() ? null : Instant.ofEpochMilli(withdrawn);
            return new Consent(rs.getString("account_id"), Instant.ofEpochMilli(rs.getLong("granted_at")),
                    rs.getString("method"), w);
        }).list());
    }

    void logPromotion(Handle h, String businessId, String accountId, Instant at) {
        h.execute(LOG_PROMOTION, businessId, accountId, at.toEpochMilli());
    }

    void logOutreach(Handle h, String businessId, String recipientId, String fingerprint, Instant at) {
        h.execute(LOG_OUTREACH, businessId, recipientId, fingerprint, at.toEpochMilli());
    }
}
