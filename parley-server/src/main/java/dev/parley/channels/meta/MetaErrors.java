package dev.parley.channels.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.channels.ChannelError;
import dev.parley.channels.ChannelException;
import java.io.IOException;
import java.util.Set;

/**
 * The Graph API's errors mapped by {@code code} and {@code error_subcode}, never by message text
 * (Meta's texts change and are translated). The codes are the Messenger Platform's error
 * reference: 10 with 2018278 (or 2534022) outside the window; 551 and 1545041 the person is not
 * available; 190 (and 102, 463, 467) the token expired or was revoked; 4, 17, 32, 613 and 80006
 * rate limits; 1, 2 and 1200 temporary.
 */
final class MetaErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> RATE = Set.of(4, 17, 32, 613, 80006);
    private static final Set<Integer> TEMPORARY = Set.of(1, 2, 1200);
    private static final Set<Integer> TOKEN = Set.of(190, 102);

    private MetaErrors() {}

    static ChannelException of(int status, byte[] body) {
        int code = -1;
        int subcode = -1;
        try {
            JsonNode e = JSON.readTree(body).path("error");
            code = e.path("code").asInt(-1);
            subcode = e.path("error_subcode").asInt(-1);
        } catch (IOException | RuntimeException notJson) {
            // no Graph error body: the HTTP status decides below
        }
        String network = code + (subcode > 0 ? "/" + subcode : "");
        ChannelError error = map(status, code, subcode);
        return new ChannelException(error, code < 0 ? "http " + status : network, null,
                "Graph API error " + network + " (HTTP " + status + ")");
    }

    static ChannelError map(int status, int code, int subcode) {
        if (subcode == 2018278 || subcode == 2534022 || code == 10) {
            return ChannelError.WINDOW_CLOSED;
        }
        if (code == 551 || subcode == 1545041 || subcode == 2018108) {
            return ChannelError.RECIPIENT_UNAVAILABLE;
        }
        if (TOKEN.contains(code) || subcode == 463 || subcode == 467 || subcode == 460) {
            return ChannelError.RECONNECT_NEEDED;
        }
        if (RATE.contains(code) || status == 429) {
            return ChannelError.RATE_LIMITED;
        }
        if (TEMPORARY.contains(code) || (code < 0 && status >= 500)) {
            return ChannelError.TEMPORARY;
        }
        return ChannelError.REFUSED;
    }
}
