package dev.parley.channels;

import java.util.Locale;
import java.util.Optional;

/** The outside networks whose direct messages a business can answer from Parley's inbox. */
public enum Network {
    MESSENGER("messenger"),
    INSTAGRAM("instagram"),
    X("x");

    /** The name in routes ({@code /channels/{network}/webhook}), the API and the store. */
    public final String wire;

    Network(String wire) {
        this.wire = wire;
    }

    public static Optional<Network> of(String wire) {
        for (Network n : values()) {
            if (n.wire.equals(wire == null ? "" : wire.toLowerCase(Locale.ROOT))) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }
}
