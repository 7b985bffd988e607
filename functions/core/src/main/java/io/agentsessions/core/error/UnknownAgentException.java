package io.agentsessions.core.error;

/** The run named an agent that is not configured. */
public final class UnknownAgentException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    public UnknownAgentException(String agentName) {
        super("UNKNOWN_AGENT", "No agent named '" + agentName + "' is configured.");
    }
}
