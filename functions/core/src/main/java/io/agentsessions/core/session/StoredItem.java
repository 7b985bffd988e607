package io.agentsessions.core.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One item of a session's history.
 *
 * @param seq       position in the session's current incarnation, from 0, contiguous
 * @param turnId    id of the run that wrote it; all items of one turn share it
 * @param createdAt when the turn was written
 * @param agent     name of the agent that produced it, {@code null} for caller input
 * @param item      the item in the OpenAI Responses shape, unknown fields kept
 */
public record StoredItem(long seq, String turnId, Instant createdAt, String agent, ObjectNode item) {
    public StoredItem {
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(createdAt, "createdAt");
        item = Objects.requireNonNull(item, "item").deepCopy();
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0");
        }
    }

    @Override
    public ObjectNode item() {
        return item.deepCopy();
    }
}
