package io.agentsessions.core.error;

/**
 * The model provider failed. Thrown before anything is persisted, so the session is unchanged.
 * {@link #timedOut()} distinguishes a deadline from an error answer.
 */
public final class ModelException extends SessionsException {
    private static final long serialVersionUID = 1L;
    private final boolean timedOut;

    private ModelException(String code, String message, boolean timedOut, Throwable cause) {
        super(code, message, cause);
        this.timedOut = timedOut;
    }

    /** The provider did not answer before the deadline. */
    public static ModelException timeout(String provider, java.time.Duration deadline, Throwable cause) {
        return new ModelException("MODEL_TIMEOUT", "The model provider '" + provider
                + "' did not answer within " + deadline.toMillis() + " ms. The session is unchanged.", true, cause);
    }

    /** The provider throttled the call. */
    public static ModelException rateLimited(String provider, Throwable cause) {
        return new ModelException("MODEL_RATE_LIMITED", "The model provider '" + provider
                + "' is rate limiting requests. The session is unchanged; retry later.", false, cause);
    }

    /** The provider answered with an error, or with something that is not a valid answer. */
    public static ModelException failed(String provider, String detail, Throwable cause) {
        return new ModelException("MODEL_ERROR", "The model provider '" + provider + "' failed: " + detail
                + ". The session is unchanged.", false, cause);
    }

    public boolean timedOut() {
        return timedOut;
    }
}
