package io.agentsessions.core.error;

/**
 * Stored data of a session could not be read back: an object a pointer names is missing or
 * corrupt. Never a caller's fault; reported with the session's id so an operator can look.
 */
public final class StoredDataUnreadableException extends SessionsException {
    private static final long serialVersionUID = 1L;

    public StoredDataUnreadableException(String sessionId, Throwable cause) {
        super("STORED_DATA_UNREADABLE", "Part of the stored history of session '" + sessionId
                + "' could not be read (an object it points to is missing or damaged). Nothing was changed.", cause);
    }
}
