package io.agentsessions.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One call to a model: the agent's rendered instructions plus the input items (recent history
 * followed by the new user input), all in the OpenAI Responses item shape.
 *
 * @param model           provider-specific model id
 * @param instructions    system prompt, already rendered; may be empty
 * @param input           history then new input, oldest first; never empty
 * @param temperature     optional sampling temperature
 * @param maxOutputTokens optional cap on generated tokens
 * @param timeout         how long the provider may take before the call is abandoned
 */
public record ModelRequest(String model, String instructions, List<ObjectNode> input, Double temperature,
                           Integer maxOutputTokens, Duration timeout) {
    public ModelRequest {
        Objects.requireNonNull(model, "model");
        instructions = instructions == null ? "" : instructions;
        input = List.copyOf(Objects.requireNonNull(input, "input"));
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }
}
