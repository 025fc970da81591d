package dev.parley.datarights;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The seam for a person's files (attachments, avatars stored by the node): the media feature
 * implements it ({@code media.OwnFiles}), and Wiring hands it to {@link DataRightsModule}.
 */
public interface PersonalFiles {
    /**
     * Deletes every file the account uploaded, everywhere they are stored. Called by an erasure
     * before it is reported done, possibly more than once (after a restart): must be idempotent.
     */
    void eraseOf(String accountId);

    /** Adds the account's files to its export archive: one {@code entries.open(name)} per file. */
    void exportOf(String accountId, Entries entries) throws IOException;

    /** Where an export writes: each name becomes an entry under {@code files/} in the archive. */
    interface Entries {
        OutputStream open(String name) throws IOException;
    }
}
