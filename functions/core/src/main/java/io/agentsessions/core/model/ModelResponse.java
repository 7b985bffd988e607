package io.agentsessions.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * What a model produced: output items in the Responses item shape (usually one assistant
 * message) and token usage.
 */
public record ModelResponse(List<ObjectNode> output, Usage usage) {
    public ModelResponse {
        output = List.copyOf(Objects.requireNonNull(output, "output"));
        usage = usage == null ? Usage.NONE : usage;
    }

    /** The text of the last assistant message, the run's final output. */
    public String finalOutput() {
        for (int i = output.size() - 1; i >= 0; i--) {
            ObjectNode item = output.get(i);
            if (Items.isMessage(item) && "assistant".equals(item.path("role").asText())) {
                return Items.text(item);
            }
        }
        return "";
    }
}
