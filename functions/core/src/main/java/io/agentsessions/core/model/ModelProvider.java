package io.agentsessions.core.model;

/**
 * A model behind one method. Implementations are thread-safe, build their clients once, and
 * report every failure as a {@link io.agentsessions.core.error.ModelException}.
 */
public interface ModelProvider {

    /** Short stable name used in agent configuration, e.g. {@code openai}, {@code bedrock}, {@code echo}. */
    String name();

    /** Calls the model; must return or fail within {@link ModelRequest#timeout()}. */
    ModelResponse respond(ModelRequest request);
}
