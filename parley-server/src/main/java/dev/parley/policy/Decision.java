package dev.parley.policy;

import dev.parley.http.ApiException;

/**
 * The answer to "may A message B now?": allowed (and where it lands), or refused with the rule
 * that refused it and words a client can show.
 *
 * @param landsIn {@code inbox} or {@code requests} when allowed; null when refused
 * @param reasons what in the message led to the answer (e.g. why it reads as promotion)
 */
public record Decision(boolean allowed, String code, String detail, String landsIn, java.util.List<String> reasons) {
    public static final String INBOX = "inbox";
    public static final String REQUESTS = "requests";

    public Decision(boolean allowed, String code, String detail, String landsIn) {
        this(allowed, code, detail, landsIn, java.util.List.of());
    }

    public static Decision inbox() {
        return new Decision(true, null, null, INBOX);
    }

    public static Decision request(String detail) {
        return new Decision(true, null, detail, REQUESTS);
    }

    public static Decision refuse(String code, String detail) {
        return new Decision(false, code, detail, null);
    }

    public static Decision refuse(String code, String detail, java.util.List<String> reasons) {
        return new Decision(false, code, detail, null, java.util.List.copyOf(reasons));
    }

    /** The refusal as the error a send answers with; group_full is 422, the rest 403. */
    public ApiException toException() {
        if ("group_full".equals(code)) {
            return new ApiException(422, code, "Group is full", detail);
        }
        if (!reasons.isEmpty()) {
            return new ApiException(403, code, "Not allowed", detail, java.util.Map.of("reasons", reasons));
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
