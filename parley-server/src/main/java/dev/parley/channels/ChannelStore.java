package dev.parley.channels;

import dev.parley.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The one owner of {@code channel_accounts}, {@code channel_contacts}, {@code channel_messages} and
 * {@code channel_seen}: a business's connected accounts, their customers as contacts, the network's
 * message ids beside Parley's, and the events already handled.
 */
public final class ChannelStore {
    private static final String ACCOUNT_COLUMNS = "id, business_id, network, external_id, name, access_token, "
            + "refresh_token, token_expires_at, human_agent_approved, state, state_detail, created_at, updated_at, instagram_login";
    private static final String INSERT_ACCOUNT = "INSERT INTO channel_accounts (" + ACCOUNT_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)";
    private static final String RECONNECT = "UPDATE channel_accounts SET name = ?, access_token = ?, refresh_token = ?, "
            + "token_expires_at = ?, instagram_login = ?, state = 'connected', state_detail = NULL, updated_at = ? WHERE id = ?";
    private static final String BY_ID = "SELECT " + ACCOUNT_COLUMNS + " FROM channel_accounts WHERE id = ?";
    private static final String BY_EXTERNAL = "SELECT " + ACCOUNT_COLUMNS
            + " FROM channel_accounts WHERE network = ? AND external_id = ?";
    private static final String OF_BUSINESS = "SELECT " + ACCOUNT_COLUMNS
            + " FROM channel_accounts WHERE business_id = ? ORDER BY created_at, id";
    private static final String SET_STATE = "UPDATE channel_accounts SET state = ?, state_detail = ?, updated_at = ? "
            + "WHERE id = ?";
    private static final String DISCONNECT = "UPDATE channel_accounts SET state = 'disconnected', state_detail = NULL, "
            + "access_token = NULL, refresh_token = NULL, token_expires_at = NULL, updated_at = ? WHERE id = ?";
    /** What a released account's id carries after the network's own id (no network's id has a '#'). */
    static final String RELEASED = "#released:";
    // The row keeps its business's conversations; its account id is set aside.
    private static final String RELEASE = "UPDATE channel_accounts SET external_id = external_id || '" + RELEASED
            + "' || id WHERE id = ? AND state = 'disconnected'";
    private static final String SET_APPROVED = "UPDATE channel_accounts SET human_agent_approved = ?, updated_at = ? "
            + "WHERE id = ?";

    private static final String CONTACT_COLUMNS = "c.channel_account_id, c.external_user_id, c.account_id, "
            + "c.conversation_id, c.last_inbound_at, c.profile_checked";
    private static final String INSERT_CONTACT = "INSERT INTO channel_contacts (channel_account_id, external_user_id, "
            + "account_id, profile_checked) VALUES (?, ?, ?, ?)";
    private static final String CONTACT = "SELECT " + CONTACT_COLUMNS + " FROM channel_contacts c "
            + "WHERE c.channel_account_id = ? AND c.external_user_id = ?";
    private static final String CONTACT_BY_ACCOUNT = "SELECT " + CONTACT_COLUMNS + " FROM channel_contacts c "
            + "WHERE c.account_id = ?";
    private static final String SET_CONVERSATION = "UPDATE channel_contacts SET conversation_id = ? WHERE account_id = ?";
    private static final String INBOUND_AT = "UPDATE channel_contacts SET last_inbound_at = ? WHERE account_id = ? "
            + "AND (last_inbound_at IS NULL OR last_inbound_at < ?)";
    private static final String PROFILE_CHECKED = "UPDATE channel_contacts SET profile_checked = ?, username = ?, "
            + "picture_url = ? WHERE account_id = ?";
    private static final String USERNAMES = "SELECT c.account_id, a.network, c.username FROM channel_contacts c "
            + "JOIN channel_accounts a ON a.id = c.channel_account_id WHERE c.account_id IN (<ids>)";

    private static final String MAP_MESSAGE = "INSERT INTO channel_messages (channel_account_id, network_message_id, "
            + "message_id) VALUES (?, ?, ?) ON CONFLICT (channel_account_id, network_message_id) DO NOTHING";
    private static final String NETWORK_IDS = "SELECT channel_account_id, network_message_id FROM channel_messages "
            + "WHERE message_id = ? ORDER BY network_message_id";
    private static final String MESSAGE_OF = "SELECT message_id FROM channel_messages WHERE channel_account_id = ? "
            + "AND network_message_id = ?";
    private static final String SEEN = "SELECT 1 FROM channel_seen WHERE channel_account_id = ? AND event_key = ?";
    private static final String MARK_SEEN = "INSERT INTO channel_seen (channel_account_id, event_key, seen_at) "
            + "VALUES (?, ?, ?) ON CONFLICT (channel_account_id, event_key) DO NOTHING";

    /** A connected account as stored, with its state. */
    public record Stored(ChannelAccount account, String name, String state, String stateDetail, Instant createdAt) {
        public static final String CONNECTED = "connected";
        public static final String NEEDS_RECONNECT = "needs_reconnect";
        public static final String ERROR = "error";
        public static final String DISCONNECTED = "disconnected";

        /** A reply may be tried: the token is there and not known to be refused. */
        public boolean usable() {
            return CONNECTED.equals(state) || ERROR.equals(state);
        }
    }

    /** A customer on a network as one of Parley's accounts, scoped to the business's channel account. */
    public record Contact(String channelAccountId, String externalUserId, String accountId, String conversationId,
                          Instant lastInboundAt, boolean profileChecked) {}

    private final Database db;

    public ChannelStore(Database db) {
        this.db = db;
    }

    public void insert(Handle h, ChannelAccount a, String name, Instant now) {
        h.execute(INSERT_ACCOUNT, a.id(), a.businessId(), a.network().wire, a.externalId(), name, a.accessToken(),
                a.refreshToken(), a.tokenExpiresAt() == null ? null : a.tokenExpiresAt().toEpochMilli(),
                a.humanAgentApproved(), Stored.CONNECTED, now.toEpochMilli(), now.toEpochMilli(), a.instagramLogin());
    }

    /** New credentials for a channel; {@code instagramLogin} says how they were granted (a re-connect may change it). */
    public void reconnect(Handle h, String id, String name, String accessToken, String refreshToken, Instant expires,
                          boolean instagramLogin, Instant now) {
        h.execute(RECONNECT, name, accessToken, refreshToken, expires == null ? null : expires.toEpochMilli(),
                instagramLogin, now.toEpochMilli(), id);
    }

    /** Renewed credentials (a refreshed token), the channel connected again. */
    public void renewed(ChannelAccount a, String name, Instant now) {
        db.writeVoid(h -> reconnect(h, a.id(), name, a.accessToken(), a.refreshToken(), a.tokenExpiresAt(),
                a.instagramLogin(), now));
    }

    public Optional<Stored> byId(String id) {
        return db.read(h -> byId(h, id));
    }

    public Optional<Stored> byId(Handle h, String id) {
        return h.createQuery(BY_ID).bind(0, id).map((rs, c) -> stored(rs)).findOne();
    }

    public Optional<Stored> byExternal(Handle h, Network network, String externalId) {
        return h.createQuery(BY_EXTERNAL).bind(0, network.wire).bind(1, externalId).map((rs, c) -> stored(rs)).findOne();
    }

    public List<Stored> ofBusiness(String businessId) {
        return db.read(h -> h.createQuery(OF_BUSINESS).bind(0, businessId).map((rs, c) -> stored(rs)).list());
    }

    public void setState(String id, String state, String detail, Instant now) {
        db.writeVoid(h -> h.execute(SET_STATE, state, detail, now.toEpochMilli(), id));
    }

    /**
     * Lets another business connect this disconnected account: false if it was connected again meanwhile.
     * Runs in that business's connecting transaction.
     */
    boolean release(Handle h, String id) {
        return h.execute(RELEASE, id) == 1;
    }

    /** The network's own id of an account, also for one released to another business. */
    static String networkId(String stored) {
        int at = stored.indexOf(RELEASED);
        return at < 0 ? stored : stored.substring(0, at);
    }

    public void disconnect(String id, Instant now) {
        db.writeVoid(h -> h.execute(DISCONNECT, now.toEpochMilli(), id));
    }

    public void setApproved(String id, boolean approved, Instant now) {
        db.writeVoid(h -> h.execute(SET_APPROVED, approved, now.toEpochMilli(), id));
    }

    public void insertContact(Handle h, String channelAccountId, String externalUserId, String accountId) {
        h.execute(INSERT_CONTACT, channelAccountId, externalUserId, accountId, false);
    }

    public Optional<Contact> contact(String channelAccountId, String externalUserId) {
        return db.read(h -> h.createQuery(CONTACT).bind(0, channelAccountId).bind(1, externalUserId)
                .map((rs, c) -> contact(rs)).findOne());
    }

    public Optional<Contact> contactByAccount(Handle h, String accountId) {
        return h.createQuery(CONTACT_BY_ACCOUNT).bind(0, accountId).map((rs, c) -> contact(rs)).findOne();
    }

    public void setConversation(String accountId, String conversationId) {
        db.writeVoid(h -> h.execute(SET_CONVERSATION, conversationId, accountId));
    }

    /** The customer wrote at {@code at}: the reply window counts from the latest such time. */
    public void inboundAt(String accountId, Instant at) {
        db.writeVoid(h -> h.execute(INBOUND_AT, at.toEpochMilli(), accountId, at.toEpochMilli()));
    }

    /** The profile was asked for, once: the username and picture URL it told (either may be null). */
    public void profileChecked(String accountId, String username, String pictureUrl) {
        db.writeVoid(h -> h.execute(PROFILE_CHECKED, true, username, pictureUrl, accountId));
    }

    /** A contact's network and the username its profile told (null when none). */
    public record Username(Network network, String username) {}

    /** Of these accounts, the channel contacts' networks and usernames, by account id. */
    public java.util.Map<String, Username> usernames(Handle h, java.util.Collection<String> accountIds) {
        java.util.Map<String, Username> out = new java.util.HashMap<>();
        if (accountIds.isEmpty()) {
            return out;
        }
        h.createQuery(USERNAMES).bindList("ids", List.copyOf(accountIds)).map((rs, c) -> {
            out.put(rs.getString("account_id"), new Username(Network.of(rs.getString("network")).orElseThrow(),
                    rs.getString("username")));
            return null;
        }).list();
        return out;
    }

    public void mapMessage(Handle h, String channelAccountId, String networkMessageId, String messageId) {
        h.execute(MAP_MESSAGE, channelAccountId, networkMessageId, messageId);
    }

    /** A message's copy on a network: the account it went through and the network's id for it. */
    public record OnNetwork(String channelAccountId, String networkMessageId) {}

    /** Where a Parley message is on the networks (a reply's parts, an echo imported): empty when nowhere. */
    public List<OnNetwork> onNetwork(Handle h, String messageId) {
        return h.createQuery(NETWORK_IDS).bind(0, messageId)
                .map((rs, c) -> new OnNetwork(rs.getString("channel_account_id"), rs.getString("network_message_id"))).list();
    }

    public Optional<String> messageOf(String channelAccountId, String networkMessageId) {
        if (networkMessageId == null) {
            return Optional.empty();
        }
        return db.read(h -> h.createQuery(MESSAGE_OF).bind(0, channelAccountId).bind(1, networkMessageId)
                .mapTo(String.class).findOne());
    }

    public boolean seen(String channelAccountId, String eventKey) {
        return db.read(h -> h.createQuery(SEEN).bind(0, channelAccountId).bind(1, eventKey).mapTo(Integer.class)
                .findOne().isPresent());
    }

    public void markSeen(String channelAccountId, String eventKey, Instant now) {
        db.writeVoid(h -> h.execute(MARK_SEEN, channelAccountId, eventKey, now.toEpochMilli()));
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        long expires = rs.getLong("token_expires_at");
        Instant expiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
        ChannelAccount a = new ChannelAccount(rs.getString("id"), rs.getString("business_id"),
                Network.of(rs.getString("network")).orElseThrow(), rs.getString("external_id"),
                rs.getString("access_token"), rs.getString("refresh_token"), expiresAt,
                rs.getBoolean("human_agent_approved"), rs.getBoolean("instagram_login"));
        return new Stored(a, rs.getString("name"), rs.getString("state"), rs.getString("state_detail"),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    private static Contact contact(ResultSet rs) throws SQLException {
        long at = rs.getLong("last_inbound_at");
        Instant inbound = rs.wasNull() ? null : Instant.ofEpochMilli(at);
        return new Contact(rs.getString("channel_account_id"), rs.getString("external_user_id"),
                rs.getString("account_id"), rs.getString("conversation_id"), inbound, rs.getBoolean("profile_checked"));
    }
}
