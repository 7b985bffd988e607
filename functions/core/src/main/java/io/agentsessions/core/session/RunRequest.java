package io.agentsessions.core.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsessions.core.agent.Agent;
import java.util.List;
import java.util.Objects;

/**
 * One run: new input items plus the agent to answer them, by name or inline.
 *
 * @param input       validated input items, oldest first (see {@link InputItems})
 * @param agentName   name of a configured agent, or {@code null} when {@code inlineAgent} is given
 * @param inlineAgent an agent passed in the request, or {@code null}
 */
public record RunRequest(List<ObjectNode> input, String agentName, Agent inlineAgent) {
    public RunRequest {
        input = List.copyOf(Objects.requireNonNull(input, "input"));
        if ((agentName == null) == (inlineAgent == null)) {
            throw new IllegalArgumentException("exactly one of agentName and inlineAgent is required");
        }
    }
}
