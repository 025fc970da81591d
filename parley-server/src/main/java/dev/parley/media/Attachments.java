package dev.parley.media;

import dev.parley.http.ApiException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the message feature needs of uploads: checking that a send may attach them, attaching
 * them in the message's own transaction, rendering a message's attachments with signed links,
 * and letting go of them when the message is unsent.
 */
public final class Attachments {
    private static final Logger LOG = LoggerFactory.getLogger(Attachments.class);
    public static final int MAX_PER_MESSAGE = 10;

    private final UploadStore store;
    private final ObjectStore objects;
    private final SignedUrls urls;

    Attachments(UploadStore store, ObjectStore objects, SignedUrls urls) {
        this.store = store;
        this.objects = objects;
        this.urls = urls;
    }

    /** The ids a send names: at most ten, no repeats, each a string. */
    public static List<String> validIds(List<String> ids) {
        if (ids == null) {
            return List.of();
        }
        if (ids.size() > MAX_PER_MESSAGE) {
            throw ApiException.validation("A message holds at most " + MAX_PER_MESSAGE + " attachments.");
        }
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (id == null || id.isBlank() || id.length() > 64 || !seen.add(id)) {
                throw ApiException.validation("'attachments' lists upload ids, each once.");
            }
        }
        return List.copyOf(ids);
    }

    /** Refuses the send unless each upload exists, is the sender's, and was never sent. */
    public void requireUsable(Handle h, String senderId, List<String> ids) {
        Map<String, Upload> found = store.byIds(h, ids).stream().collect(Collectors.toMap(Upload::id, u -> u));
        for (String id : ids) {
            Upload u = found.get(id);
            if (u == null || !u.ownerId().equals(senderId)) {
                throw unknown(id);
            }
            if (u.used()) {
                throw used(id);
            }
        }
    }

    /**
     * Attaches the uploads to the message in the transaction that stores it; throws (rolling the
     * message back) if another send took one first.
     */
    public List<AttachmentView> attach(Handle h, String senderId, String conversationId, long seq, List<String> ids) {
        for (int i = 0; i < ids.size(); i++) {
            if (!store.claim(h, ids.get(i), senderId, conversationId, seq, i)) {
                throw used(ids.get(i));
            }
        }
        return store.ofMessage(h, conversationId, seq).stream().map(this::view).toList();
    }

    /** Each message's attachments, by seq (messages without any are absent). */
    public Map<Long, List<AttachmentView>> of(Handle h, String conversationId, Collection<Long> seqs) {
        Map<Long, List<AttachmentView>> out = new LinkedHashMap<>();
        for (Upload u : store.forMessages(h, conversationId, seqs)) {
            out.computeIfAbsent(u.seq(), k -> new ArrayList<>()).add(view(u));
        }
        return out;
    }

    /** The attachments of one message in each conversation, by conversation (those without any are absent). */
    public Map<String, List<AttachmentView>> ofLast(Handle h, Map<String, Long> seqByConversation) {
        Map<String, List<AttachmentView>> out = new LinkedHashMap<>();
        for (Upload u : store.ofMessages(h, seqByConversation)) {
            out.computeIfAbsent(u.conversationId(), k -> new ArrayList<>()).add(view(u));
        }
        return out;
    }

    /** The uploads a send names, in its order, as they would be attached (for rules that weigh type and size). */
    public List<AttachmentView> describe(Handle h, List<String> ids) {
        Map<String, Upload> found = store.byIds(h, ids).stream().collect(Collectors.toMap(Upload::id, u -> u));
        return ids.stream().filter(found::containsKey).map(id -> view(found.get(id))).toList();
    }

    /**
     * One message's attachments, in order, with links valid for about {@code valid} that carry the
     * node's public address, for an outside service (a network a reply goes to) to fetch them.
     * The links are paths only when the node has no public address ({@link #linksForOthers()}).
     */
    public List<AttachmentView> forOthers(Handle h, String conversationId, long seq, java.time.Duration valid) {
        return store.ofMessage(h, conversationId, seq).stream().map(u -> new AttachmentView(u.id(), u.type(), u.name(),
                u.size(), u.width(), u.height(), u.durationMs(), urls.url(u.id(), SignedUrls.ORIGINAL, valid), null)).toList();
    }

    /** Whether links can be made for an outside service: only with {@code public_url} set. */
    public boolean linksForOthers() {
        return urls.absolute();
    }

    /** Detaches an unsent message's uploads (their rows go in this transaction); delete the files after commit. */
    public List<String> detach(Handle h, String conversationId, long seq) {
        List<String> ids = store.ofMessage(h, conversationId, seq).stream().map(Upload::id).toList();
        ids.forEach(id -> store.delete(h, id));
        return ids;
    }

    /** Deletes the files and thumbnails of uploads whose rows are gone. */
    public void deleteFiles(List<String> ids) {
        for (String id : ids) {
            for (String key : keysOf(id)) {
                try {
                    objects.delete(key);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("could not delete media {}", key, e);
                }
            }
        }
    }

    /** The object store's keys of an upload: the file and its two thumbnails. */
    static List<String> keysOf(String id) {
        return List.of(id, id + ".small", id + ".large");
    }

    AttachmentView view(Upload u) {
        return new AttachmentView(u.id(), u.type(), u.name(), u.size(), u.width(), u.height(), u.durationMs(),
                urls.url(u.id(), SignedUrls.ORIGINAL), u.image() ? urls.url(u.id(), SignedUrls.THUMBNAIL) : null);
    }

    private static ApiException unknown(String id) {
        return new ApiException(422, "attachment_not_found", "Unknown attachment",
                "No upload '" + id + "' of yours: upload the file first (POST /api/v1/uploads).");
    }

    private static ApiException used(String id) {
        return new ApiException(409, "attachment_used", "Attachment already sent",
                "Upload '" + id + "' went out with another message; upload it again to send it again.");
    }
}
