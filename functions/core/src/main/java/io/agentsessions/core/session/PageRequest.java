package io.agentsessions.core.session;

import io.agentsessions.core.error.InvalidRequestException;

/**
 * A page of a session's messages.
 *
 * @param limit     items per page, 1..{@value #MAX_LIMIT}
 * @param ascending oldest first when true, newest first otherwise
 * @param cursor    opaque cursor from the previous page, or {@code null} for the first page
 */
public record PageRequest(int limit, boolean ascending, String cursor) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException("INVALID_REQUEST", "limit must be between 1 and " + MAX_LIMIT + ".");
        }
    }

    /** The first page, oldest first, default size. */
    public static PageRequest first() {
        return new PageRequest(DEFAULT_LIMIT, true, null);
    }
}
