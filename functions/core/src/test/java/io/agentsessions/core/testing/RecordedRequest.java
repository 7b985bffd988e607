package io.agentsessions.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsessions.core.json.Json;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP request a fake server received, exactly as sent.
 *
 * @param method  HTTP method, e.g. {@code POST}
 * @param path    decoded request path, e.g. {@code /v1/chat/completions}
 * @param headers request headers; lookups ignore case
 * @param body    the body as UTF-8 text, empty if none
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body) {
    public RecordedRequest {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
        body = body == null ? "" : body;
    }

    /** The first value of a header, or {@code null} when absent. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body parsed as JSON; fails the test if it is not JSON. */
    public JsonNode json() {
        try {
            return Json.mapper().readTree(body);
        } catch (Exception e) {
            throw new AssertionError("Request body is not JSON: " + body, e);
        }
    }
}
