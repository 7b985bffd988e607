package io.agentsessions.core.error;

/** A request body or a single item is over a documented size limit; nothing was changed. */
public final class PayloadTooLargeException extends SessionsException {
    private static final long serialVersionUID = 1L;

    public PayloadTooLargeException(String code, String message) {
        super(code, message);
    }
}
