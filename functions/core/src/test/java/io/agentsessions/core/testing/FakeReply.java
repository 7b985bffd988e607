package io.agentsessions.core.testing;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a fake server answers to one request.
 *
 * @param status  HTTP status
 * @param headers response headers (a {@code Content-Type} of {@code application/json} is added when absent)
 * @param body    response body as UTF-8 text; empty for none
 * @param delay   how long to wait before answering, to exercise client timeouts
 */
public record FakeReply(int status, Map<String, String> headers, String body, Duration delay) {
    public FakeReply {
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
        body = body == null ? "" : body;
        delay = delay == null ? Duration.ZERO : delay;
    }

    /** A JSON answer with this status. */
    public static FakeReply json(int status, String body) {
        return new FakeReply(status, Map.of("Content-Type", "application/json"), body, Duration.ZERO);
    }

    /** The same answer, sent only after {@code delay}. */
    public FakeReply after(Duration delay) {
        return new FakeReply(status, headers, body, delay);
    }

    /** The same answer with one more header. */
    public FakeReply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new FakeReply(status, more, body, delay);
    }
}
