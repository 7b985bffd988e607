package io.agentsessions.api;

/**
 * Transport-level settings.
 *
 * @param maxBodyBytes largest accepted request body, decoded
 * @param defaultOwner owner of sessions when the request carries no authorizer identity
 * @param requireIdentity when true, a request without an authorizer identity is refused (401)
 *                        instead of falling back to {@code defaultOwner}: the deployed default
 */
public record ApiSettings(int maxBodyBytes, String defaultOwner, boolean requireIdentity) {
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

    /** Settings for an API without an authorizer (local runs, tests): one fixed owner. */
    public ApiSettings(int maxBodyBytes, String defaultOwner) {
        this(maxBodyBytes, defaultOwner, false);
    }
}
