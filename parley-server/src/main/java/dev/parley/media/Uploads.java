package dev.parley.media;

import dev.parley.http.ApiException;
import dev.parley.store.Database;
import dev.parley.store.Dialect;
import dev.parley.store.Ids;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.tika.Tika;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Taking in a file: streamed to a temporary file under a size cap (never whole in memory), its
 * type found from its bytes (Apache Tika, never the name or the client's header) and checked
 * against an allow list, the account's daily quota, images re-encoded without metadata after a
 * pixel cap read from the header, voice notes' duration, then stored; thumbnails follow on a
 * worker thread.
 */
final class Uploads {
    private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);
    static final Duration QUOTA_WINDOW = Duration.ofHours(24);
    static final int SMALL = 320;
    static final int LARGE = 1280;
    private static final java.util.regex.Pattern BIDI_CONTROLS = java.util.regex.Pattern.compile("[\\u202A-\\u202E\\u2066-\\u2069]");
    /** Allowed types (as Tika names them) and the type stored; Tika calls an Ogg it did not look into application/ogg. */
    private static final Map<String, String> ALLOWED = Map.ofEntries(
            Map.entry("image/jpeg", "image/jpeg"), Map.entry("image/png", "image/png"),
            Map.entry("image/webp", "image/webp"), Map.entry("image/gif", "image/gif"),
            Map.entry("application/pdf", "application/pdf"), Map.entry("text/plain", "text/plain"),
            Map.entry("audio/webm", "audio/webm"), Map.entry("video/webm", "video/webm"),
            Map.entry("audio/ogg", "audio/ogg"), Map.entry("application/ogg", "audio/ogg"),
            Map.entry("audio/opus", "audio/ogg"), Map.entry("audio/vorbis", "audio/ogg"),
            Map.entry("audio/mp4", "audio/mp4"), Map.entry("audio/x-m4a", "audio/mp4"),
            Map.entry("audio/mpeg", "audio/mpeg"), Map.entry("audio/vnd.wave", "audio/wav"),
            Map.entry("audio/x-wav", "audio/wav"), Map.entry("audio/wav", "audio/wav"),
            Map.entry("video/mp4", "video/mp4"));

    /** @param maxBytes the cap on one file; quota: bytes per account in 24 h; maxPixels: width × height */
    record Limits(long maxBytes, long quota, long maxPixels) {}

    private final Database db;
    private final UploadStore store;
    private final ObjectStore objects;
    private final Clock clock;
    private final Path tmp;
    private final Limits limits;
    private final ImageWorker images;
    private final Optional<Clamd> scanner;
    private final java.util.concurrent.Executor committer;
    private final Tika tika = new Tika();

    /**
     * @param scanner   ClamAV's daemon, when {@code media.clamd} is set
     * @param committer normal-priority threads for the database writes that follow low-priority work
     */
    Uploads(Database db, UploadStore store, ObjectStore objects, Clock clock, Path tmp, Limits limits,
            ImageWorker images, Optional<Clamd> scanner, java.util.concurrent.Executor committer) {
        this.committer = committer;
        this.scanner = scanner;
        this.db = db;
        this.store = store;
        this.objects = objects;
        this.clock = clock;
        this.tmp = tmp;
        this.limits = limits;
        this.images = images;
    }

    /**
     * The request's body, opened only once the checks that need none of it have passed: opening it
     * asks a client that sent {@code Expect: 100-continue} for the bytes, and one refused on its
     * declared size, name or quota should not have to send them.
     */
    @FunctionalInterface
    interface Body {
        InputStream open() throws IOException;
    }

    /** What was checked before a byte of the body is read. */
    record Admitted(String ownerId, String name, Instant now, long used) {}

    /** A file taken in and in the object store, not yet recorded; {@code thumbnailSource} is for the thumbnailer. */
    record Stored(Upload upload, Path thumbnailSource) {}

    /** Taking in a file in one go (its three steps in a row). */
    Upload upload(String ownerId, String rawName, Body body, long declaredLength) {
        return record(store(admit(ownerId, rawName, declaredLength), body));
    }

    /**
     * The checks that need no body: the name, the declared size and the daily quota, so a refused
     * upload is answered before its body is opened.
     *
     * @param declaredLength the request's Content-Length, or -1
     */
    Admitted admit(String ownerId, String rawName, long declaredLength) {
        String name = validName(rawName);
        if (declaredLength > limits.maxBytes()) {
            throw tooLarge();
        }
        Instant now = clock.instant();
        long used = db.read(h -> store.usedSince(h, ownerId, now.minus(QUOTA_WINDOW)));
        if (used >= limits.quota()) {
            throw quotaExceeded(ownerId, now);
        }
        return new Admitted(ownerId, name, now, used);
    }

    /**
     * The body's work, meant for a low-priority thread: received to a temporary file, scanned, typed
     * from its bytes, an image re-encoded, then put in the object store. It touches no database, so
     * a thread starved of CPU here never holds a lock that sending needs.
     */
    Stored store(Admitted a, Body body) {
        Path received = null;
        Path processed = null;
        try {
            Files.createDirectories(tmp);
            received = Files.createTempFile(tmp, "upload-", ".part");
            long size = receive(body.open(), received);
            if (size == 0) {
                throw ApiException.validation("The file is empty.");
            }
            scan(received);
            String type = typeOf(received);
            String name = FileNames.forType(a.name(), type);
            Upload u;
            if (type.startsWith("image/")) {
                processed = Files.createTempFile(tmp, "image-", ".part");
                Images.Size s = image(received, type, processed);
                u = new Upload(Ids.next('u'), a.ownerId(), type, name, Files.size(processed), s.width(), s.height(),
                        null, false, a.now(), null, null);
            } else {
                processed = received;
                received = null;
                Long duration = type.startsWith("audio/") || type.startsWith("video/")
                        ? Durations.millis(processed, type).orElse(null) : null;
                u = new Upload(Ids.next('u'), a.ownerId(), type, name, size, null, null, duration, false, a.now(),
                        null, null);
            }
            if (a.used() + u.size() > limits.quota()) {
                throw quotaExceeded(a.ownerId(), a.now());
            }
            objects.put(u.id(), processed, type);
            Path source = Images.decodable(type) ? processed : null;
            if (source != null) {
                processed = null; // the thumbnailer (or record's failure) deletes it
            }
            return new Stored(u, source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(received);
            deleteQuietly(processed);
        }
    }

    /**
     * Records a stored file (the writer's lock: at normal priority) and queues its thumbnails. The
     * quota is checked again in the insert's transaction, with the owner's uploads locked on
     * PostgreSQL (SQLite's writer is one at a time): uploads sent at once each passed
     * {@link #admit} on the same figure, and together they must not pass the quota.
     */
    Upload record(Stored s) {
        Upload u = s.upload();
        try {
            boolean inserted = db.write(h -> {
                if (db.dialect() == Dialect.POSTGRES) {
                    store.lockOwner(h, u.ownerId());
                }
                if (store.usedSince(h, u.ownerId(), u.createdAt().minus(QUOTA_WINDOW)) + u.size() > limits.quota()) {
                    return false;
                }
                store.insert(h, u);
                return true;
            });
            if (!inserted) {
                throw quotaExceeded(u.ownerId(), u.createdAt());
            }
        } catch (RuntimeException e) {
            try {
                objects.delete(u.id()); // no file without its row
            } catch (IOException | RuntimeException gone) {
                e.addSuppressed(gone); // reported with the write's failure
            }
            deleteQuietly(s.thumbnailSource());
            throw e;
        }
        if (s.thumbnailSource() != null) {
            images.later(() -> thumbnails(u, s.thumbnailSource()));
        }
        return u;
    }

    /** Copies the body to the file, refusing it (413) as soon as it passes the cap. */
    private long receive(InputStream body, Path to) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(to)) {
            int n;
            while ((n = read(body, buffer)) > 0) {
                total += n;
                if (total > limits.maxBytes()) {
                    throw tooLarge(); // the rest is read and dropped before the answer (http/UnreadBody)
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    /** One read of the body; a client that goes away mid-body gets a 400 (and nothing is kept). */
    private static int read(InputStream body, byte[] buffer) {
        try {
            return body.read(buffer);
        } catch (IOException e) {
            throw ApiException.badRequest("The upload was cut off before its end; send it again.");
        }
    }

    /** With a scanner: refuses an infected file; nothing is stored before the daemon says it is clean. */
    private void scan(Path file) {
        if (scanner.isEmpty()) {
            return;
        }
        Optional<String> found;
        try {
            found = scanner.get().scan(file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("clamd could not scan an upload; refusing it", e);
            throw new ApiException(503, "scanner_unavailable", "Scanner unavailable",
                    "Files cannot be checked for malware right now; try again shortly.");
        }
        if (found.isPresent()) {
            throw new ApiException(422, "file_infected", "File infected",
                    "This file carries malware (" + found.get() + ") and was not stored.", Map.of("signature", found.get()));
        }
    }

    private String typeOf(Path file) throws IOException {
        String detected;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            detected = tika.detect(in); // no name given: the bytes alone decide
        }
        String type = detected.toLowerCase(Locale.ROOT).replaceAll(";.*", "").trim();
        if (type.equals("application/x-matroska") && Ebml.isWebm(file)) {
            type = "video/webm"; // Chromium's recorded voice notes (see Ebml)
        }
        String stored = ALLOWED.get(type);
        if (stored == null) {
            throw new ApiException(422, "file_type_not_allowed", "File type not allowed",
                    "This kind of file can't be sent. Parley takes JPEG, PNG, WebP and GIF images, PDF, plain text, "
                            + "audio (WebM, Ogg, MP4, MP3, WAV) and MP4 video.", Map.of("detected_type", type));
        }
        return stored;
    }

    /** Refuses images over the pixel cap from the header, then writes them without metadata. */
    private Images.Size image(Path in, String type, Path out) throws IOException {
        Optional<Images.Size> header;
        try {
            header = Images.header(in, type);
        } catch (IOException | RuntimeException e) {
            header = Optional.empty();
        }
        Images.Size size = header.orElseThrow(() -> unreadable(type));
        if (size.width() <= 0 || size.height() <= 0 || size.pixels() > limits.maxPixels()) {
            throw new ApiException(422, "image_too_large", "Image too large",
                    "The image is " + size.width() + " × " + size.height() + " pixels; at most "
                            + limits.maxPixels() + " pixels are accepted.");
        }
        try {
            if (type.equals("image/webp")) {
                Webp.strip(in, out);
                return size;
            }
            return images.now(() -> {
                // Upright PNGs and JPEGs lose their metadata chunk by chunk: a file copy, not a decode
                // and a full-size encode (issue 18); turned or odd ones re-encode. Cheap as it is, it
                // takes its turn on the image thread, so an upload still waits behind the thumbnails
                // queued before it and the image queue's bound still holds uploads back.
                if (type.equals("image/png") ? PngStrip.strip(in, out) : type.equals("image/jpeg") && JpegStrip.strip(in, out)) {
                    return size;
                }
                if (type.equals("image/gif") && Images.frames(in) > 1) {
                    Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // animated: kept as sent
                    return size;
                }
                return Images.reencode(in, type, out);
            });
        } catch (ApiException busy) {
            throw busy;
        } catch (IOException | RuntimeException e) {
            throw unreadable(type);
        }
    }

    /** Both thumbnails, on the worker: stored, then marked ready. */
    private void thumbnails(Upload u, Path source) {
        Path small = null;
        Path large = null;
        try {
            Images.Size size = new Images.Size(u.width(), u.height());
            String format = Images.thumbnailFormat(u.type());
            small = Files.createTempFile(tmp, "thumb-", ".part");
            // The stored image (already without metadata, orientation applied) that fits the large
            // box is the large thumbnail: decoding and encoding it again at the same size gave the
            // same picture for the CPU of a second full re-encode (issue 18).
            boolean asIs = Images.fitsAsIs(u.type(), size, LARGE);
            large = asIs ? null : Files.createTempFile(tmp, "thumb-", ".part");
            Images.thumbnails(source, u.type(), size, SMALL, LARGE, small, large);
            objects.put(u.id() + ".small", small, format);
            objects.put(u.id() + ".large", asIs ? source : large, format);
            committer.execute(() -> markThumbnailsDone(u));
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            LOG.warn("no thumbnails for {} ({}); the original is served instead", u.id(), u.type(), e);
        } finally {
            deleteQuietly(source);
            deleteQuietly(small);
            deleteQuietly(large);
        }
    }

    /** At normal priority: the writer's lock is never taken by the low-priority image thread. */
    private void markThumbnailsDone(Upload u) {
        try {
            if (!db.write(h -> store.thumbnailsDone(h, u.id()))) {
                // The upload went while its thumbnails were made (erased, unsent, swept): no orphans.
                objects.delete(u.id() + ".small");
                objects.delete(u.id() + ".large");
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("thumbnails of {} made but not recorded; the original is served instead", u.id(), e);
        }
    }

    static String validName(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.validation("Query parameter 'name' is required: the file's name, as the members will see it.");
        }
        // Bidi embedding, override and isolate controls go: "photo" U+202E "gnp.bat" shows as "phototab.png".
        String name = BIDI_CONTROLS.matcher(raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1))
                .replaceAll("").trim();
        if (name.isEmpty() || name.codePointCount(0, name.length()) > FileNames.MAX_CHARS) {
            throw ApiException.validation("A file name has 1 to 255 characters.");
        }
        return name;
    }

    private static ApiException unreadable(String type) {
        return new ApiException(422, "file_type_not_allowed", "File type not allowed",
                "This file is damaged or is not the kind of file it starts like, so it can't be sent.", Map.of("detected_type", type));
    }

    private ApiException tooLarge() {
        return new ApiException(413, "file_too_large", "File too large",
                "This file is too large: a file may hold at most " + Sizes.words(limits.maxBytes()) + ".", Map.of("max_bytes", limits.maxBytes()));
    }

    /** 429 with the seconds until the oldest upload of the window ages out of it. */
    private ApiException quotaExceeded(String ownerId, Instant now) {
        Instant since = now.minus(QUOTA_WINDOW);
        long wait = db.read(h -> store.oldestSince(h, ownerId, since))
                .map(oldest -> Math.max(1, Duration.between(now, oldest.plus(QUOTA_WINDOW)).toSeconds()))
                .orElse(60L);
        return new ApiException(429, "quota_exceeded", "Upload quota used up",
                "This account has uploaded as much as it may in 24 hours; try again in " + wait + " s.",
                Map.of("retry_after", wait));
    }

    static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.warn("could not delete {}", p, e);
            }
        }
    }
}
