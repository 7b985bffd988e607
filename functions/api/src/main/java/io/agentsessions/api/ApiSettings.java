package io.agentsessions.api;

/**
 * Transport-level settings.
 *
 * @param maxBodyBytes largest accepted request body, decoded
 * @param defaultOwner owner of sessions when the request carries no authorizer identity
 */
public record ApiSettings(int maxBodyBytes, String defaultOwner) {
    /** Default body limit: 5.5 MiB, room for a 5 MiB item inside Lambda's 6 MB request payload. */
    public static final int DEFAULT_MAX_BODY_BYTES = 5632 * 1024;

    public ApiSettings {
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
        }
        if (defaultOwner == null || defaultOwner.isBlank()) {
            throw new IllegalArgumentException("defaultOwner is required");
        }
    }
}
