package io.agentsessions.core.session;

import io.agentsessions.core.error.InvalidRequestException;

/**
 * A page of a session's messages.
 *
 * @param limit     items per page, 1..{@value #MAX_LIMIT}
 * @param ascending oldest first when true, newest first otherwise
 * @param cursor    opaque cursor from the previous page, or {@code null} for the first page
 * @param maxBytes  stop adding items once their JSON would exceed this (a page always has at least one)
 */
public record PageRequest(int limit, boolean ascending, String cursor, long maxBytes) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    /** Default byte budget of a page's items, so that a page fits Lambda's 6 MB response. */
    public static final long DEFAULT_MAX_BYTES = 4L * 1024 * 1024;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException("INVALID_REQUEST", "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
    }

    /** A page with the default byte budget. */
    public PageRequest(int limit, boolean ascending, String cursor) {
        this(limit, ascending, cursor, DEFAULT_MAX_BYTES);
    }

    /** The first page, oldest first, default size. */
    public static PageRequest first() {
        return new PageRequest(DEFAULT_LIMIT, true, null);
    }
}
