package io.agentsessions.core.session;

import io.agentsessions.core.error.InvalidRequestException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifies a session: the owner (the caller's identity) and the session id the caller chose.
 * Two owners may use the same session id without ever seeing each other's session.
 */
public record SessionKey(String owner, String sessionId) {
    /** Session ids callers may use. */
    public static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /** Longest owner identity accepted (it becomes part of the partition key, at most 2,048 bytes). */
    public static final int MAX_OWNER_LENGTH = 512;

    public SessionKey {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(sessionId, "sessionId");
        if (owner.isEmpty() || owner.length() > MAX_OWNER_LENGTH) {
            throw new IllegalArgumentException("owner must have 1 to " + MAX_OWNER_LENGTH + " characters");
        }
        if (!SESSION_ID.matcher(sessionId).matches()) {
            throw new InvalidRequestException("INVALID_SESSION_ID",
                    "Session ids must be 1 to 128 characters from A-Z, a-z, 0-9, '.', '_', ':' and '-'.");
        }
    }
}
