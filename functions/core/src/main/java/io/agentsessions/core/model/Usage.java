package io.agentsessions.core.model;

/** Token counts reported by a model provider for one call. */
public record Usage(long inputTokens, long outputTokens, long totalTokens) {
    /** No usage reported. */
    public static final Usage NONE = new Usage(0, 0, 0);

    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || totalTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }
}
