package dev.parley.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * What is left of a request body when the server answers before reading it all (a 413 on its
 * size, a 401, a quota). Closing a connection with unread bytes in its receive buffer makes the
 * kernel send a reset, and a reset discards what the client had not read yet: a client still
 * writing its body then lost the answer it was sent and saw "connection reset" instead. Reading and
 * dropping the rest first (up to {@link #MAX_BYTES}) lets the answer arrive.
 *
 * @implNote A client that sent {@code Expect: 100-continue} sends no body until the server asks
 * for it, and Jetty asks as soon as the body is opened. Such a request whose body no handler opened
 * ({@link #open}) is left unread: the client gets its answer without uploading anything, and Jetty
 * closes the connection after it. A body past the bound still ends in a close; a client sending one
 * that large should send {@code Expect: 100-continue}.
 */
public final class UnreadBody {
    /** The most read and dropped before answering; past it, the connection closes. */
    public static final long MAX_BYTES = 8L * 1024 * 1024;
    private static final String OPENED = "parley.body-opened";

    private UnreadBody() {}

    /** Opens the request's body for a handler that streams it (and asks a waiting client to send it). */
    public static InputStream open(Context ctx) throws IOException {
        ctx.attribute(OPENED, Boolean.TRUE);
        return ctx.req().getInputStream();
    }

    /** Drops the rest of the body of a request about to get an error, unless its client still waits to be asked for it. */
    public static void dropBeforeAnswering(Context ctx) {
        boolean opened = Boolean.TRUE.equals(ctx.attribute(OPENED));
        if (!opened && expectsContinue(ctx) || !hasBody(ctx)) {
            return;
        }
        dropRest(ctx);
    }

    /** Reads and drops up to {@link #MAX_BYTES} of the request's body. */
    public static void dropRest(Context ctx) {
        byte[] buffer = new byte[16 * 1024];
        long left = MAX_BYTES;
        try {
            InputStream body = ctx.req().getInputStream();
            int n;
            while (left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or the body was already done: the answer is written if it can be
        }
    }

    private static boolean expectsContinue(Context ctx) {
        String expect = ctx.header("Expect");
        return expect != null && expect.trim().equalsIgnoreCase("100-continue");
    }

    private static boolean hasBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
    }
}
