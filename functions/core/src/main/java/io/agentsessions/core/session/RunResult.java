package io.agentsessions.core.session;

import io.agentsessions.core.model.Usage;
import java.util.List;

/**
 * The outcome of a run.
 *
 * @param session     the session after the turn was written
 * @param agentName   the agent that answered
 * @param finalOutput text of the model's last assistant message
 * @param newItems    the items the turn appended: the input, then the model's output
 * @param usage       token usage reported by the provider
 */
public record RunResult(SessionRecord session, String agentName, String finalOutput, List<StoredItem> newItems,
                        Usage usage) {
    public RunResult {
        newItems = List.copyOf(newItems);
    }
}
