package io.agentsessions.core.error;

/** The session does not exist for this owner, was deleted, or has expired. */
public final class SessionNotFoundException extends SessionsException {
    private static final long serialVersionUID = 1L;

    public SessionNotFoundException(String sessionId) {
        super("SESSION_NOT_FOUND", "Session '" + sessionId + "' does not exist or has expired.");
    }
}
