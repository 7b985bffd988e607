package io.agentsessions.core.error;

/** The request is malformed or breaks a documented rule; nothing was changed. */
public class InvalidRequestException extends SessionsException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String code, String message) {
        super(code, message);
    }

    public InvalidRequestException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
