package dev.parley.business;

import java.util.Collection;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Which customers are a network's people (Messenger, Instagram, X contacts) and their username
 * there, for the inbox's customer panel. A seam: the channels feature answers it, wired by the
 * composition root, so neither feature imports the other.
 */
@FunctionalInterface
public interface CustomerChannels {
    /** No channels on this node. */
    CustomerChannels NONE = (h, ids) -> Map.of();

    /** The network and username of those of these accounts that are channel contacts, by account id. */
    Map<String, Channel> of(Handle h, Collection<String> accountIds);

    /** @param username the network's username without "@", or null when the network did not tell it */
    record Channel(String network, String username) {}
}
