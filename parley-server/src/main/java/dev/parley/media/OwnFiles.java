package dev.parley.media;

import dev.parley.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The files a person uploaded, for their data rights: erasure deletes them all (objects and
 * thumbnails first, then rows, so a run cut short finds what is left and finishes it), export
 * copies each into the archive. Wiring adapts it to {@code datarights.PersonalFiles}, so neither
 * package imports the other.
 */
public final class OwnFiles {
    private static final int BATCH = 200;

    private final Database db;
    private final UploadStore store;
    private final ObjectStore objects;

    OwnFiles(Database db, UploadStore store, ObjectStore objects) {
        this.db = db;
        this.store = store;
        this.objects = objects;
    }

    /** Where an export writes one file, under the name given. */
    public interface Sink {
        OutputStream open(String name) throws IOException;
    }

    /**
     * Deletes every upload of the account, sent or not, with its thumbnails. Idempotent; throws
     * if the object store fails, leaving the rows of what it could not delete for the next try.
     */
    public int erase(String accountId) {
        int deleted = 0;
        while (true) {
            List<Upload> batch = db.read(h -> store.ownedBy(h, accountId, "", BATCH));
            for (Upload u : batch) {
                for (String key : Attachments.keysOf(u.id())) {
                    try {
                        objects.delete(key);
                    } catch (IOException e) {
                        throw new UncheckedIOException("could not delete media " + key, e);
                    }
                }
                db.writeVoid(h -> store.delete(h, u.id()));
                deleted++;
            }
            if (batch.size() < BATCH) {
                return deleted;
            }
        }
    }

    /** Writes each upload of the account as {@code <id>-<name>}, oldest first. */
    public void export(String accountId, Sink sink) throws IOException {
        String after = "";
        while (true) {
            String from = after;
            List<Upload> batch = db.read(h -> store.ownedBy(h, accountId, from, BATCH));
            for (Upload u : batch) {
                after = u.id();
                InputStream opened;
                try {
                    opened = objects.open(u.id(), 0, -1);
                } catch (IOException e) {
                    if (db.read(h -> store.get(h, u.id())).isEmpty()) {
                        continue; // unsent or swept meanwhile: no longer the person's file
                    }
                    throw e;
                }
                try (InputStream in = opened; OutputStream out = sink.open(entryName(u))) {
                    in.transferTo(out);
                }
            }
            if (batch.size() < BATCH) {
                return;
            }
        }
    }

    /**
     * The files these messages of a conversation carried, by seq, in the order sent (whoever
     * uploaded them: an export says what a received message carried too).
     */
    public java.util.Map<Long, List<Upload>> sentWith(String conversationId, java.util.Collection<Long> seqs) {
        java.util.Map<Long, List<Upload>> out = new java.util.LinkedHashMap<>();
        for (Upload u : db.read(h -> store.forMessages(h, conversationId, seqs))) {
            out.computeIfAbsent(u.seq(), k -> new java.util.ArrayList<>()).add(u);
        }
        return out;
    }

    /** The archive's name for a file: its id, then its name without any path in it. */
    public static String entryName(Upload u) {
        String name = u.name() == null || u.name().isBlank() ? "file" : u.name();
        return u.id() + "-" + name.replaceAll("[/\\\\\\x00-\\x1f]", "_");
    }
}
