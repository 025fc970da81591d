package dev.parley.policy;

import dev.parley.http.ApiException;

/**
 * The answer to "may A message B now?": allowed (and where it lands), or refused with the rule
 * that refused it and words a client can show.
 *
 * @param landsIn {@code inbox} or {@code requests} when allowed; null when refused
 */
public record Decision(boolean allowed, String code, String detail, String landsIn) {
    public static final String INBOX = "inbox";
    public static final String REQUESTS = "requests";

    public static Decision inbox() {
        return new Decision(true, null, null, INBOX);
    }

    public static Decision request(String detail) {
        return new Decision(true, null, detail, REQUESTS);
    }

    public static Decision refuse(String code, String detail) {
        return new Decision(false, code, detail, null);
    }

    /** The refusal as the error a send answers with; group_full is 422, the rest 403. */
    public ApiException toException() {
        if ("group_full".equals(code)) {
            return new ApiException(422, code, "Group is full", detail);
        }
        return ApiException.forbidden(code, detail);
    }

    public Decision orThrow() {
        if (!allowed) {
            throw toException();
        }
        return this;
    }
}
