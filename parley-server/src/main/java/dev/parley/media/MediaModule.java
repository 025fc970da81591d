package dev.parley.media;

import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.http.Acting;
import dev.parley.http.Authenticator;
import dev.parley.http.Routes;
import dev.parley.lifecycle.Lifecycle;
import dev.parley.lifecycle.Threads;
import dev.parley.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attachments, wired: the object store ({@code media.store}), uploads with their thumbnail
 * worker, signed links, and a sweep that deletes uploads nobody sent within 24 hours. Built
 * before the message feature, which renders and attaches through {@link #attachments()}.
 */
public final class MediaModule {
    private static final Logger LOG = LoggerFactory.getLogger(MediaModule.class);

    private final Attachments attachments;
    private final Database db;
    private final UploadStore store;
    private final Uploads uploads;
    private final ObjectStore objects;
    private final SignedUrls urls;
    private final UploadReceivers receivers;
    private final ImageWorker images;

    private MediaModule(Attachments attachments, Database db, UploadStore store, Uploads uploads, ObjectStore objects,
                        SignedUrls urls, UploadReceivers receivers, ImageWorker images) {
        this.attachments = attachments;
        this.db = db;
        this.store = store;
        this.uploads = uploads;
        this.objects = objects;
        this.urls = urls;
        this.receivers = receivers;
        this.images = images;
    }

    /**
     * Tells image work what it gives way to while the node is busy: the count of messages committed so far
     * (the message feature is built after this one, so Wiring hands it over once it exists).
     */
    public void yieldTo(java.util.function.LongSupplier sendsCommitted) {
        images.yieldTo(sendsCommitted);
    }

    /** Seconds the image thread has paused so far to give way to sends ({@code parley_image_paused_seconds_total}). */
    public double imagePausedSeconds() {
        return images.pausedSeconds();
    }

    /** Taking in files (for tests of this package). */
    Uploads uploads() {
        return uploads;
    }

    /** A person's own files, for erasure and export (Wiring hands them to the data rights). */
    public OwnFiles ownFiles() {
        return new OwnFiles(db, store, objects);
    }

    /** Profile pictures (Wiring adapts them to the account feature's avatars). */
    public AvatarFiles avatars() {
        return new AvatarFiles(db, store, urls);
    }

    /** What the message feature attaches, renders and unsends through. */
    public Attachments attachments() {
        return attachments;
    }

    public static MediaModule build(Database db, Settings settings, Clock clock, Lifecycle life) {
        Path data = settings.get(Keys.DATA_DIR);
        ObjectStore objects = life.own("media store", settings.get(Keys.MEDIA_STORE).equals("s3")
                ? new S3ObjectStore(settings.get(Keys.MEDIA_S3_ENDPOINT), settings.get(Keys.MEDIA_S3_BUCKET),
                        settings.get(Keys.MEDIA_S3_REGION), settings.get(Keys.MEDIA_S3_ACCESS_KEY),
                        settings.get(Keys.MEDIA_S3_SECRET_KEY), settings.get(Keys.MEDIA_S3_PATH_STYLE))
                : new DiskObjectStore(data.resolve("media")));
        UploadStore store = new UploadStore();
        SignedUrls urls = new SignedUrls(db, clock, settings.get(Keys.MEDIA_URL_LIFETIME), settings.get(Keys.PUBLIC_URL));
        ImageWorker images = life.own("image worker", new ImageWorker(settings.get(Keys.MEDIA_IMAGE_QUEUE)));
        Path tmp = data.resolve("tmp");
        UploadReceivers receivers = life.own("upload receivers",
                new UploadReceivers(settings.get(Keys.MEDIA_CONCURRENT_UPLOADS)));
        Uploads uploads = new Uploads(db, store, objects, clock, tmp, new Uploads.Limits(settings.get(Keys.MEDIA_MAX_BYTES),
                settings.get(Keys.MEDIA_DAILY_QUOTA_BYTES), settings.get(Keys.MEDIA_MAX_PIXELS)), images,
                settings.get(Keys.MEDIA_CLAMD).isEmpty() ? java.util.Optional.empty()
                        : java.util.Optional.of(new Clamd(settings.get(Keys.MEDIA_CLAMD))), receivers.normal());
        Attachments attachments = new Attachments(store, objects, urls);
        MediaModule m = new MediaModule(attachments, db, store, uploads, objects, urls, receivers, images);
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(Threads.daemon("parley-media-sweep"));
        life.add("media sweep", () -> {
            clearTemporary(tmp);
            sweeper.scheduleWithFixedDelay(() -> m.sweep(clock), 1, 10, TimeUnit.MINUTES);
        }, sweeper::shutdownNow);
        return m;
    }

    /** Deletes uploads nobody sent within 24 hours, rows first (unless a send took one meanwhile), then files. */
    public int sweep(Clock clock) {
        int deleted = 0;
        try {
            List<Upload> stale = db.read(h -> store.unusedBefore(h, clock.instant().minus(Uploads.QUOTA_WINDOW), 500));
            for (Upload u : stale) {
                if (db.write(h -> store.deleteUnused(h, u.id()))) {
                    attachments.deleteFiles(List.of(u.id()));
                    deleted++;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("sweeping unused uploads failed; the next sweep tries again", e);
        }
        return deleted;
    }

    /** Partial files a stopped node left behind. */
    private static void clearTemporary(Path tmp) {
        if (!Files.isDirectory(tmp)) {
            return;
        }
        try (var files = Files.list(tmp)) {
            files.filter(p -> p.getFileName().toString().endsWith(".part")).forEach(Uploads::deleteQuietly);
        } catch (IOException e) {
            LOG.warn("could not clear {}", tmp, e);
        }
    }

    public List<Routes> routes(Authenticator auth, Acting acting, MediaAccess access) {
        return List.of(new MediaRoutes(auth, acting, db, store, uploads, receivers, objects, urls, access));
    }
}
