package io.agentsessions.core.session;

/**
 * A conditional write lost: the stored session is no longer the version the change was based on.
 * Signals the caller to reload and retry; never reaches API callers.
 */
public final class StaleSessionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StaleSessionException(SessionKey key, Throwable cause) {
        super("Session " + key.sessionId() + " changed concurrently", cause);
    }
}
