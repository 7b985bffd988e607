package io.agentsessions.core.session;

import io.agentsessions.core.error.InvalidRequestException;

/**
 * Per-session settings; a {@code null} value means "use the deployment default".
 *
 * @param maxHistory how many recent items the model sees on each run (1..10,000)
 * @param ttlSeconds seconds of inactivity after which the session expires; 0 means never
 */
public record SessionSettings(Integer maxHistory, Long ttlSeconds) {
    /** Largest accepted {@code maxHistory}. */
    public static final int MAX_HISTORY_LIMIT = 10_000;
    /** Longest accepted TTL: ten years. */
    public static final long MAX_TTL_SECONDS = 10L * 366 * 24 * 3600;
    /** Both settings at their defaults. */
    public static final SessionSettings DEFAULTS = new SessionSettings(null, null);

    public SessionSettings {
        if (maxHistory != null && (maxHistory < 1 || maxHistory > MAX_HISTORY_LIMIT)) {
            throw new InvalidRequestException("INVALID_REQUEST",
                    "maxHistory must be between 1 and " + MAX_HISTORY_LIMIT + ".");
        }
        if (ttlSeconds != null && (ttlSeconds < 0 || ttlSeconds > MAX_TTL_SECONDS)) {
            throw new InvalidRequestException("INVALID_REQUEST",
                    "ttlSeconds must be between 0 (never expire) and " + MAX_TTL_SECONDS + ".");
        }
    }
}
