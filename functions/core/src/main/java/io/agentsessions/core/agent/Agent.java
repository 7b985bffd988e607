package io.agentsessions.core.agent;

import java.util.Objects;

/**
 * A named agent configuration.
 *
 * @param name            unique name, recorded on every item the agent produces
 * @param instructions    system prompt; may reference session context as {@code {{context.path}}}
 * @param model           provider-specific model id; {@code null} means the deployment default
 * @param provider        provider name; {@code null} means the deployment default
 * @param temperature     optional sampling temperature
 * @param maxOutputTokens optional cap on generated tokens
 */
public record Agent(String name, String instructions, String model, String provider, Double temperature,
                    Integer maxOutputTokens) {
    public Agent {
        Objects.requireNonNull(name, "name");
        instructions = instructions == null ? "" : instructions;
    }
}
