package dev.parley.client;

import dev.parley.client.Transport.Retry;
import java.util.List;
import java.util.Map;

/**
 * An agent acting for a business: every {@link ActingClient} call goes through
 * {@code /api/v1/businesses/{id}/…} with the agent's own token and answers as the business (its
 * conversations, its sync feed, its stream). The server records which agent wrote each message.
 * A caller who is not an agent of the business gets {@code not_found} everywhere.
 */
public final class BusinessClient extends ActingClient {
    private final String businessId;

    BusinessClient(Transport transport, String businessId) {
        super(transport, "/api/v1/businesses/" + Transport.seg(businessId));
        this.businessId = businessId;
    }

    @Override
    public String businessId() {
        return businessId;
    }

    /**
     * Opens a conversation with a first message, as the business; it lands as the rules say
     * (often as a message request). Retrying the same draft answers the same message.
     */
    public Outreach outreach(List<String> memberIds, Draft draft) {
        Map<String, Object> body = Map.of("member_ids", memberIds, "client_id", draft.clientId(), "text", draft.text());
        return call("POST", "/conversations", body, ClientJson.type(Outreach.class), Retry.SAFE);
    }
}
