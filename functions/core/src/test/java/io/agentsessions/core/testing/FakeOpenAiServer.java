package io.agentsessions.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsessions.core.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * A fake OpenAI Chat Completions server on {@code 127.0.0.1}, for unit and integration tests.
 * Point a provider at {@link #baseUrl()} ({@code http://127.0.0.1:<port>/v1}).
 *
 * <p>By default every {@code POST .../chat/completions} is answered with
 * {@link #defaultReply(JsonNode)}: the assistant text {@code "reply to: <last user message>"},
 * with usage counting whitespace-separated words (prompt: all message contents; completion: the
 * reply). Other paths get a 404 in OpenAI's error shape. Script other answers with
 * {@link #enqueue} (one-shot, in order) or {@link #alwaysReply}; build them with {@link #text},
 * {@link #toolCalls}, {@link #error} or {@link FakeReply#json}, and slow them down with
 * {@link FakeReply#after(Duration)}.
 *
 * <p>Every request is recorded ({@link #requests()}, {@link #lastBody()}), so tests can assert
 * exactly which messages and headers were sent.
 *
 * <pre>{@code
 * try (FakeOpenAiServer openai = FakeOpenAiServer.start()) {
 *     openai.enqueue(FakeOpenAiServer.error(429, "requests", "rate_limit_exceeded", "Slow down"));
 *     ... new OpenAiCompatibleProvider(openai.baseUrl(), () -> "sk-test") ...
 *     assertThat(openai.lastBody().path("messages")).hasSize(2);
 * }
 * }</pre>
 */
public final class FakeOpenAiServer implements AutoCloseable {
    /** A tool call in a scripted answer. */
    public record ToolCall(String id, String name, String arguments) {
    }

    private final FakeHttpServer http;

    private FakeOpenAiServer() {
        this.http = FakeHttpServer.start(FakeOpenAiServer::route);
    }

    /** Starts a server on a free loopback port. */
    public static FakeOpenAiServer start() {
        return new FakeOpenAiServer();
    }

    /** The base URL to configure the provider with: {@code http://127.0.0.1:<port>/v1}. */
    public String baseUrl() {
        return http.uri() + "/v1";
    }

    /** The port the server listens on. */
    public int port() {
        return http.port();
    }

    /** Answers for the next requests, one each, in order; then the default answer resumes. */
    public FakeOpenAiServer enqueue(FakeReply... replies) {
        http.enqueue(replies);
        return this;
    }

    /** Answers every request not covered by {@link #enqueue} with {@code reply}. */
    public FakeOpenAiServer alwaysReply(FakeReply reply) {
        http.respondWith(request -> reply);
        return this;
    }

    /** Answers every request not covered by {@link #enqueue} with whatever {@code responder} returns. */
    public FakeOpenAiServer respondWith(Function<RecordedRequest, FakeReply> responder) {
        http.respondWith(responder);
        return this;
    }

    /** Forgets requests and scripted answers and restores the default answer. */
    public void reset() {
        http.clear();
        http.respondWith(FakeOpenAiServer::route);
    }

    /** Every request received so far, oldest first. */
    public List<RecordedRequest> requests() {
        return http.requests();
    }

    /** The most recent request; fails the test if there was none. */
    public RecordedRequest lastRequest() {
        return http.lastRequest();
    }

    /** The JSON body of the most recent request. */
    public JsonNode lastBody() {
        return http.lastRequest().json();
    }

    /** The {@code messages} array of the most recent request. */
    public JsonNode lastMessages() {
        return lastBody().path("messages");
    }

    @Override
    public void close() {
        http.close();
    }

    /** A completion whose message content is {@code content}, with the given usage. */
    public static FakeReply text(String content, long promptTokens, long completionTokens) {
        ObjectNode message = Json.object();
        message.put("role", "assistant");
        message.put("content", content);
        return completion(message, promptTokens, completionTokens);
    }

    /** A completion whose message content is {@code content}, usage 10 prompt + 5 completion tokens. */
    public static FakeReply text(String content) {
        return text(content, 10, 5);
    }

    /** A completion with tool calls ({@code finish_reason: tool_calls}); {@code content} may be null. */
    public static FakeReply toolCalls(String content, ToolCall... calls) {
        ObjectNode message = Json.object();
        message.put("role", "assistant");
        message.put("content", content);
        ArrayNode toolCalls = message.putArray("tool_calls");
        for (ToolCall call : calls) {
            ObjectNode toolCall = toolCalls.addObject();
            toolCall.put("id", call.id());
            toolCall.put("type", "function");
            toolCall.putObject("function").put("name", call.name()).put("arguments", call.arguments());
        }
        return completion(message, 10, 5);
    }

    /** An error in OpenAI's shape: {@code {"error": {"message", "type", "param", "code"}}}; {@code code} may be null. */
    public static FakeReply error(int status, String type, String code, String message) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        error.put("code", code);
        return FakeReply.json(status, Json.write(body));
    }

    /** The default answer to a chat completions request: echoes the last user message. */
    public static FakeReply defaultReply(JsonNode requestBody) {
        String lastUser = "";
        long promptWords = 0;
        for (JsonNode message : requestBody.path("messages")) {
            String content = contentText(message.get("content"));
            promptWords += words(content);
            if ("user".equals(message.path("role").asText())) {
                lastUser = content;
            }
        }
        String reply = "reply to: " + lastUser;
        return text(reply, promptWords, words(reply));
    }

    private static FakeReply route(RecordedRequest request) {
        if (!"POST".equals(request.method()) || !request.path().endsWith("/chat/completions")) {
            return error(404, "invalid_request_error", "unknown_url",
                    "Unknown request URL: " + request.method() + " " + request.path());
        }
        return defaultReply(request.json());
    }

    private static FakeReply completion(ObjectNode message, long promptTokens, long completionTokens) {
        ObjectNode body = Json.object();
        body.put("id", "chatcmpl-fake");
        body.put("object", "chat.completion");
        body.put("created", 1_700_000_000L);
        body.put("model", "fake-model");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("message", message);
        choice.put("finish_reason", message.has("tool_calls") ? "tool_calls" : "stop");
        ObjectNode usage = body.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        return FakeReply.json(200, Json.write(body));
    }

    private static String contentText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("text").isTextual()) {
                text.append(text.isEmpty() ? "" : "\n").append(part.path("text").asText());
            }
        }
        return text.toString();
    }

    private static long words(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }
}
