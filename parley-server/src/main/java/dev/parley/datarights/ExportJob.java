package dev.parley.datarights;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** One export as stored. {@code appId} is set when an app asked: only that app may read it then. */
record ExportJob(String id, String accountId, String requestedBy, String appId, String status, String fileName,
                 Long sizeBytes, Instant createdAt, Instant readyAt, Instant expiresAt) {
    static final String PENDING = "pending";
    static final String READY = "ready";
    static final String FAILED = "failed";
    static final String EXPIRED = "expired";

    /** The job as its reader sees it: the download URL only once the archive is ready. */
    record View(String id, String status, Instant createdAt,
                @JsonInclude(JsonInclude.Include.NON_NULL) Instant readyAt,
                @JsonInclude(JsonInclude.Include.NON_NULL) Instant expiresAt,
                @JsonInclude(JsonInclude.Include.NON_NULL) Long sizeBytes,
                @JsonInclude(JsonInclude.Include.NON_NULL) String downloadUrl) {}

    /** @param base the status route's path; the archive is at {@code base + "/archive"} */
    View view(String base) {
        boolean ready = READY.equals(status);
        return new View(id, status, createdAt, readyAt, expiresAt, ready ? sizeBytes : null,
                ready ? base + "/archive" : null);
    }
}
