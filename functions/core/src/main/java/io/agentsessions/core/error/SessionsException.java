package io.agentsessions.core.error;

/**
 * Base of every failure a caller of the sessions core can act on. Each subclass carries a stable,
 * machine-readable {@link #code()}; the message is written for a person and never contains
 * secrets or another user's data. Transport layers map subclasses to status codes in one place.
 */
public abstract class SessionsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;

    protected SessionsException(String code, String message) {
        this(code, message, null);
    }

    protected SessionsException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** Stable error code, e.g. {@code SESSION_NOT_FOUND}. */
    public String code() {
        return code;
    }
}
