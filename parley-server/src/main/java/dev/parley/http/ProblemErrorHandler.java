package dev.parley.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals (a request it cannot parse, such as a path with {@code %00}) as
 * problem+json like every other error, instead of Jetty's HTML page: they never reach Javalin.
 */
final class ProblemErrorHandler extends ErrorHandler {
    /**
     * Every method gets the problem body: Jetty's default writes one for GET, POST and HEAD only, so a
     * PUT, PATCH or DELETE it refused (a path that is not UTF-8, headers too large) got an empty answer.
     */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        String reason = HttpStatus.getMessage(code);
        ApiException problem = code == 400
                ? ApiException.badRequest("The request could not be read (" + (message == null ? reason : message) + ").")
                : ApiException.ofStatus(code, reason, message == null ? reason : message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(Json.write(Problems.body(problem)).getBytes(StandardCharsets.UTF_8)), callback);
    }
}
