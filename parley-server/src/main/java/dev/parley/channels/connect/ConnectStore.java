package dev.parley.channels.connect;

import dev.parley.store.Database;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The one owner of {@code channel_connects}: an OAuth flow's pending steps (an authorization sent
 * to the network, the Pages waiting to be picked), kept in the database so the network's redirect
 * may land on any node. Each is taken once: {@link #take} deletes the row and answers it only to
 * the caller whose delete removed it, so a replayed {@code state} finds nothing.
 */
final class ConnectStore {
    static final String STATE = "state";
    static final String CHOICE = "choice";

    private static final String INSERT = "INSERT INTO channel_connects (id, kind, business_id, person_id, network, "
            + "redirect_uri, verifier, payload, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String FIND = "SELECT id, kind, business_id, person_id, network, redirect_uri, verifier, "
            + "payload, expires_at FROM channel_connects WHERE id = ? AND kind = ?";
    private static final String DELETE = "DELETE FROM channel_connects WHERE id = ?";
    private static final String SWEEP = "DELETE FROM channel_connects WHERE expires_at < ?";

    /** One pending step. {@code verifier} and {@code payload} may be null. */
    record Pending(String id, String kind, String businessId, String personId, String network, String redirectUri,
                   String verifier, String payload, Instant expiresAt) {}

    private final Database db;

    ConnectStore(Database db) {
        this.db = db;
    }

    /** Stores a step, and drops the expired ones (at most a few per business: no job is needed). */
    void put(Pending p, Instant now) {
        db.writeVoid(h -> {
            h.execute(SWEEP, now.toEpochMilli());
            h.execute(INSERT, p.id(), p.kind(), p.businessId(), p.personId(), p.network(), p.redirectUri(),
                    p.verifier(), p.payload(), p.expiresAt().toEpochMilli());
        });
    }

    /** The step, removed in the same transaction; empty when unknown, already taken or expired. */
    Optional<Pending> take(String id, String kind, Instant now) {
        return db.write(h -> {
            Optional<Pending> p = find(h, id, kind);
            if (p.isEmpty() || h.execute(DELETE, id) != 1) {
                return Optional.<Pending>empty();
            }
            return p.filter(x -> x.expiresAt().isAfter(now));
        });
    }

    /** The step without taking it (the Pages shown to pick from); empty when unknown or expired. */
    Optional<Pending> peek(String id, String kind, Instant now) {
        return db.read(h -> find(h, id, kind)).filter(x -> x.expiresAt().isAfter(now));
    }

    private static Optional<Pending> find(Handle h, String id, String kind) {
        return h.createQuery(FIND).bind(0, id).bind(1, kind).map((rs, c) -> new Pending(rs.getString("id"),
                rs.getString("kind"), rs.getString("business_id"), rs.getString("person_id"), rs.getString("network"),
                rs.getString("redirect_uri"), rs.getString("verifier"), rs.getString("payload"),
                Instant.ofEpochMilli(rs.getLong("expires_at")))).findOne();
    }
}
