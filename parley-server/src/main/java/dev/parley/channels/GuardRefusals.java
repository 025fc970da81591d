package dev.parley.channels;

import dev.parley.outbound.OutboundClient;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the log when the outbound guard refused a network's URL. The networks' URLs are the
 * operator's settings, so a refusal is a setup mistake (most often a test stub on 127.0.0.1 without
 * {@code outbound.allow_private_addresses=on}) that the business only sees as "channel unavailable".
 */
public final class GuardRefusals {
    private static final Logger LOG = LoggerFactory.getLogger(GuardRefusals.class);

    private GuardRefusals() {}

    /** Logs a WARN naming the refused address and the setting when {@code failure} is the guard's refusal. */
    public static void warnIfRefused(String network, IOException failure) {
        if (failure instanceof OutboundClient.Refused refused) {
            LOG.warn("{}: the node refused to reach {} ({}): the network's URL setting names an address "
                    + "the outbound guard refuses; point it at a public address, or for a test stub on a private "
                    + "address set outbound.allow_private_addresses=on", network, refused.getMessage(), refused.reason);
        }
    }
}
