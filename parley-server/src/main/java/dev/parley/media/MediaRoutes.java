package dev.parley.media;

import dev.parley.http.Acting;
import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.Caller;
import dev.parley.http.Routes;
import dev.parley.http.UnreadBody;
import dev.parley.store.Database;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /uploads} and {@code GET /media/{id}} (and its thumbnail), for a person and for a
 * business's agents. A file is served to its uploader, to members of a conversation it was sent
 * in, or to anyone holding a valid signed link; everyone else (a stranger, a removed member, a
 * blocked account, another business's agent, a token that no longer works) gets the same 404 as
 * an unknown id. Files are served so a browser never runs them: {@code nosniff}, a sandboxing CSP,
 * and {@code Content-Disposition: attachment} for anything but images, audio and video.
 */
final class MediaRoutes implements Routes {
    static final String SANDBOX = "sandbox; default-src 'none'";

    private final Authenticator auth;
    private final Acting acting;
    private final Database db;
    private final UploadStore store;
    private final Uploads uploads;
    private final UploadReceivers receivers;
    private final ObjectStore objects;
    private final SignedUrls urls;
    private final MediaAccess access;

    MediaRoutes(Authenticator auth, Acting acting, Database db, UploadStore store, Uploads uploads,
                UploadReceivers receivers, ObjectStore objects, SignedUrls urls, MediaAccess access) {
        this.auth = auth;
        this.acting = acting;
        this.db = db;
        this.store = store;
        this.uploads = uploads;
        this.receivers = receivers;
        this.objects = objects;
        this.urls = urls;
        this.access = access;
    }

    @Override
    public void register(RoutesConfig r) {
        for (String prefix : Caller.PREFIXES) {
            r.post(prefix + "/uploads", ctx -> {
                Caller c = Caller.of(ctx, auth, acting);
                Uploads.Admitted admitted = uploads.admit(c.accountId(), ctx.queryParam("name"),
                        ctx.req().getContentLengthLong());
                // The body is opened and taken in on a low-priority receiver (this request thread is
                // free at once), then the upload is recorded at normal priority.
                CompletableFuture<Upload> taken = receivers
                        .submit(() -> uploads.store(admitted, () -> UnreadBody.open(ctx)))
                        .thenApplyAsync(uploads::record, receivers.normal());
                ctx.future(() -> taken.thenAccept(u -> ctx.status(201).json(answer(u))));
            });
            r.get(prefix + "/media/{id}", ctx -> serve(ctx, SignedUrls.ORIGINAL));
            r.get(prefix + "/media/{id}/thumbnail", ctx -> serve(ctx, SignedUrls.THUMBNAIL));
        }
    }

    private static Map<String, Object> answer(Upload u) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", u.id());
        out.put("type", u.type());
        out.put("name", u.name());
        out.put("size", u.size());
        out.put("width", u.width());
        out.put("height", u.height());
        out.put("duration_ms", u.durationMs());
        return out;
    }

    private void serve(Context ctx, String variant) {
        String id = ctx.pathParam("id");
        Upload u = visible(ctx, id, variant);
        boolean thumbnail = variant.equals(SignedUrls.THUMBNAIL) && u.thumbnails();
        String type = thumbnail ? Images.thumbnailFormat(u.type()) : u.type();
        String key = thumbnail ? id + ("large".equals(ctx.queryParam("size")) ? ".large" : ".small") : id;
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", SANDBOX);
        ctx.header("Cache-Control", "private, max-age=600");
        ctx.header("Content-Disposition", (u.inline() ? "inline" : "attachment") + "; filename*=UTF-8''"
                + URLEncoder.encode(u.name(), StandardCharsets.UTF_8).replace("+", "%20"));
        ctx.contentType(type);
        try {
            if (thumbnail) {
                ctx.result(objects.open(key, 0, -1));
                return;
            }
            ctx.header("Accept-Ranges", "bytes");
            ByteRange range = ByteRange.parse(ctx.header("Range"), u.size());
            if (range == null) {
                ctx.header("Content-Length", String.valueOf(u.size()));
                ctx.result(objects.open(key, 0, -1));
                return;
            }
            if (!range.satisfiable()) {
                ctx.header("Content-Range", "bytes */" + u.size());
                throw new ApiException(416, "range_not_satisfiable", "Range not satisfiable",
                        "The file has " + u.size() + " bytes.");
            }
            InputStream part = objects.open(key, range.first(), range.length());
            ctx.status(206);
            ctx.header("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + u.size());
            ctx.header("Content-Length", String.valueOf(range.length()));
            ctx.result(part);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The upload, if this request may see it; else the 404 an unknown id gets. */
    private Upload visible(Context ctx, String id, String variant) {
        Upload u = db.read(h -> store.get(h, id)).orElseThrow(() -> ApiException.notFound("file"));
        String sig = ctx.queryParam("sig");
        if (sig != null) {
            String exp = ctx.queryParam("exp");
            boolean shared = u.used() || db.read(h -> store.isAvatar(h, id)); // a message's file, or an avatar
            if (exp != null && shared && urls.valid(id, variant, exp, sig)) {
                return u;
            }
            throw ApiException.notFound("file");
        }
        Caller c;
        try {
            c = Caller.of(ctx, auth, acting);
        } catch (ApiException e) {
            throw ApiException.notFound("file"); // no token, a dead token, not this business's agent
        }
        String viewer = c.accountId();
        if (viewer.equals(u.ownerId())) {
            return u;
        }
        if (!u.used() || !access.sees(u.conversationId(), viewer) || access.blockedEitherWay(u.ownerId(), viewer)) {
            throw ApiException.notFound("file");
        }
        return u;
    }
}
