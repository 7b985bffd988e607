package io.agentsessions.core.error;

/** Other writers kept winning the race for this session until retries ran out; nothing was written. */
public final class ConcurrentUpdateException extends SessionsException {
    private static final long serialVersionUID = 1L;

    public ConcurrentUpdateException(String sessionId, int attempts) {
        super("CONCURRENT_UPDATE", "Session '" + sessionId + "' was updated concurrently; gave up after "
                + attempts + " attempts. Nothing was written; retry the request.");
    }
}
