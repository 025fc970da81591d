package dev.parley.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A person or a business page, as stored. Views for clients are built from it. */
public record Account(
        String id,
        String handle,
        String displayName,
        Optional<String> preferredName,
        String kind,
        boolean verified,
        String dmPolicy,
        boolean readReceipts,
        List<String> hiddenWords,
        boolean admin,
        boolean suspended,
        Instant createdAt) {

    public static final String PERSON = "person";
    public static final String BUSINESS = "business";

    public boolean isBusiness() {
        return BUSINESS.equals(kind);
    }
}
