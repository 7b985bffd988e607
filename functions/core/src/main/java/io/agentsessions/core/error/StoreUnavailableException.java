package io.agentsessions.core.error;

/** The session store could not be reached or kept throttling after retries; nothing was written. */
public final class StoreUnavailableException extends SessionsException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super("STORE_UNAVAILABLE", message, cause);
    }
}
