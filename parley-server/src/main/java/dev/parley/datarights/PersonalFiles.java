package dev.parley.datarights;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;

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

    /**
     * The files these messages of a conversation carried, by seq, each message's in the order it
     * sent them (messages without any are absent): whoever uploaded them, so an export can say
     * what a received message carried too.
     */
    Map<Long, List<SentFile>> sentWith(String conversationId, Collection<Long> seqs);

    /**
     * A file a message carried. {@code entry} is the name {@link #exportOf} gives it, which its
     * uploader's archive holds under {@code files/}.
     */
    record SentFile(String id, String ownerId, String name, String type, long size, String entry) {}

    /** Where an export writes: each name becomes an entry under {@code files/} in the archive. */
    interface Entries {
        OutputStream open(String name) throws IOException;
    }
}
