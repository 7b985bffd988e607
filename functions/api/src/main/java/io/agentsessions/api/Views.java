package io.agentsessions.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsessions.core.json.Json;
import io.agentsessions.core.session.RunResult;
import io.agentsessions.core.session.SessionPage;
import io.agentsessions.core.session.SessionRecord;
import io.agentsessions.core.session.StoredItem;
import java.util.List;

/** JSON shapes of the API's answers (documented in openapi.yaml). */
final class Views {
    private Views() {
    }

    static ObjectNode session(SessionRecord session) {
        ObjectNode view = Json.object();
        view.put("sessionId", session.key().sessionId());
        view.put("createdAt", session.createdAt().toString());
        view.put("updatedAt", session.updatedAt().toString());
        if (session.expiresAt() == null) {
            view.putNull("expiresAt");
        } else {
            view.put("expiresAt", session.expiresAt().toString());
        }
        view.set("context", session.context());
        view.set("data", session.data());
        ObjectNode settings = view.putObject("settings");
        putNullable(settings, "maxHistory", session.settings().maxHistory() == null ? null
                : session.settings().maxHistory().longValue());
        putNullable(settings, "ttlSeconds", session.settings().ttlSeconds());
        view.put("messageCount", session.itemCount());
        view.put("archivedCount", session.archivedCount());
        return view;
    }

    static ObjectNode page(SessionPage page, long inlineLimitBytes) {
        ObjectNode view = session(page.session());
        view.set("messages", entries(page.items(), inlineLimitBytes, Long.MAX_VALUE,
                "larger than an uncompressed answer can carry; request it with Accept-Encoding: gzip"));
        if (page.nextCursor() == null) {
            view.putNull("nextCursor");
        } else {
            view.put("nextCursor", page.nextCursor());
        }
        return view;
    }

    static ObjectNode run(RunResult result) {
        ObjectNode view = Json.object();
        view.put("sessionId", result.session().key().sessionId());
        view.put("agent", result.agentName());
        view.put("finalOutput", result.finalOutput());
        view.set("newItems", entries(result.newItems(), RUN_INLINE_LIMIT_BYTES, RUN_TOTAL_LIMIT_BYTES,
                "large items are not repeated in run answers; read them with GET"));
        ObjectNode usage = view.putObject("usage");
        usage.put("inputTokens", result.usage().inputTokens());
        usage.put("outputTokens", result.usage().outputTokens());
        usage.put("totalTokens", result.usage().totalTokens());
        view.put("messageCount", result.session().itemCount());
        return view;
    }

    /** Items above this size are not repeated in a run's answer (the caller just sent them, or can GET them). */
    static final long RUN_INLINE_LIMIT_BYTES = 256 * 1024;
    /** All items repeated in a run's answer together: far below Lambda's 6 MB, however many there are. */
    static final long RUN_TOTAL_LIMIT_BYTES = 1024 * 1024;

    private static ArrayNode entries(List<StoredItem> items, long inlineLimitBytes, long totalLimitBytes,
                                     String omittedReason) {
        ArrayNode array = Json.mapper().createArrayNode();
        long total = 0;
        for (StoredItem item : items) {
            ObjectNode entry = array.addObject();
            entry.put("seq", item.seq());
            entry.put("turnId", item.turnId());
            entry.put("createdAt", item.createdAt().toString());
            if (item.agent() != null) {
                entry.put("agent", item.agent());
            }
            ObjectNode body = item.item();
            long bytes = Json.write(body).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes > inlineLimitBytes || total + bytes > totalLimitBytes) {
                entry.putNull("item");
                ObjectNode omitted = entry.putObject("itemOmitted");
                omitted.put("bytes", bytes);
                omitted.put("reason", omittedReason);
            } else {
                entry.set("item", body);
                total += bytes;
            }
        }
        return array;
    }

    private static void putNullable(ObjectNode node, String field, Long value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
