package io.agentsessions.core.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsessions.core.error.ModelException;
import io.agentsessions.core.json.Json;
import io.agentsessions.core.model.Items;
import io.agentsessions.core.model.ModelProvider;
import io.agentsessions.core.model.ModelRequest;
import io.agentsessions.core.model.ModelResponse;
import io.agentsessions.core.model.Usage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * OpenAI Chat Completions ({@code POST {base}/chat/completions}) over the JDK's
 * {@link HttpClient}. Works with OpenAI itself and with compatible servers (vLLM, Ollama, LiteLLM,
 * ...) given their base URL.
 *
 * <p>Request mapping, in input order:
 * <ul>
 *   <li>non-empty instructions become the first message, role {@code system};</li>
 *   <li>message items become {@code {role, content}} with the item's {@link Items#text} as
 *       content; roles are passed through unchanged ({@code developer} and {@code system}
 *       included), a message without a role is sent as {@code user};</li>
 *   <li>consecutive {@code function_call} items become one assistant message whose
 *       {@code tool_calls} hold {@code {id: call_id, type: "function", function: {name,
 *       arguments}}}; when such a run directly follows an assistant message, the calls are
 *       attached to that message (how the Responses API splits one assistant turn). The API
 *       requires all parallel calls in one message, followed by their results;</li>
 *   <li>{@code function_call_output} items become {@code {role: "tool", tool_call_id, content}};
 *       a non-string output is sent as its text parts, or as JSON text;</li>
 *   <li>every other item type (reasoning, web search calls, images, ...) is skipped: Chat
 *       Completions has no place for it.</li>
 * </ul>
 * {@code temperature} and {@code max_completion_tokens} are sent only when set.
 *
 * <p>Response mapping: {@code choices[0].message.content} (or its {@code refusal}) becomes one
 * assistant message; each of its {@code tool_calls} becomes a {@code function_call} item
 * {@code {type, call_id, name, arguments}}. Usage comes from {@code usage.prompt_tokens},
 * {@code completion_tokens} and {@code total_tokens}.
 *
 * <p>Errors: the deadline ({@link ModelRequest#timeout()}) covers the whole exchange and maps to
 * {@link ModelException#timeout}; HTTP 429 maps to {@link ModelException#rateLimited} except the
 * {@code insufficient_quota} code, which waiting will not fix; everything else maps to
 * {@link ModelException#failed} with the status and the provider's error code and (truncated)
 * message, never the API key.
 */
public final class OpenAiCompatibleProvider implements ModelProvider {
    /** The provider name used in agent configuration. */
    public static final String NAME = "openai";

    /** Connect timeout used by {@link #OpenAiCompatibleProvider(String, Supplier)}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    static final int MAX_ERROR_MESSAGE_CHARS = 200;

    private final URI endpoint;
    private final Supplier<String> apiKey;
    private final HttpClient http;

    /**
     * @param baseUrl API base including the version path, e.g. {@code https://api.openai.com/v1}
     *                or {@code http://localhost:11434/v1}; a trailing slash is ignored
     * @param apiKey  resolved on every call (memoize it, see {@link io.agentsessions.core.model.ApiKeys});
     *                {@code null} or blank means no {@code Authorization} header
     * @param http    shared client; build it once per container
     */
    public OpenAiCompatibleProvider(String baseUrl, Supplier<String> apiKey, HttpClient http) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.endpoint = URI.create(base + "/chat/completions");
        String scheme = endpoint.getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("baseUrl must be an http(s) URL");
        }
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.http = Objects.requireNonNull(http, "http");
    }

    /** Builds its own {@link HttpClient} with the given connect timeout. */
    public OpenAiCompatibleProvider(String baseUrl, Supplier<String> apiKey, Duration connectTimeout) {
        this(baseUrl, apiKey, HttpClient.newBuilder()
                .connectTimeout(Objects.requireNonNull(connectTimeout, "connectTimeout"))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    /** Builds its own {@link HttpClient} with {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public OpenAiCompatibleProvider(String baseUrl, Supplier<String> apiKey) {
        this(baseUrl, apiKey, DEFAULT_CONNECT_TIMEOUT);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ModelResponse respond(ModelRequest request) {
        String key = resolveKey();
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint)
                .timeout(request.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(requestBody(request)), StandardCharsets.UTF_8));
        if ("http".equalsIgnoreCase(endpoint.getScheme())) {
            // Plain-http servers (vLLM, Ollama) gain nothing from the h2c upgrade attempt, and some mishandle it.
            http.version(HttpClient.Version.HTTP_1_1);
        }
        if (key != null) {
            http.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> response = send(http.build(), request.timeout());
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw errorFor(status, response.body(), key);
        }
        return parseAnswer(response.body());
    }

    private String resolveKey() {
        String key;
        try {
            key = apiKey.get();
        } catch (ModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ModelException.failed(NAME, "the API key could not be resolved", e);
        }
        return key == null || key.isBlank() ? null : key.strip();
    }

    private HttpResponse<String> send(HttpRequest httpRequest, Duration deadline) {
        // HttpRequest.timeout() stops at the response headers; waiting on the future bounds the body too.
        CompletableFuture<HttpResponse<String>> future =
                http.sendAsync(httpRequest, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw ModelException.timeout(NAME, deadline, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw ModelException.failed(NAME, "interrupted while waiting for the answer", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw ModelException.timeout(NAME, deadline, cause);
            }
            if (cause instanceof IOException) {
                throw ModelException.failed(NAME, "connection failed", cause);
            }
            throw ModelException.failed(NAME, "request failed", cause);
        }
    }

    static ObjectNode requestBody(ModelRequest request) {
        ObjectNode body = Json.object();
        body.put("model", request.model());
        body.set("messages", messages(request));
        if (request.temperature() != null) {
            body.put("temperature", request.temperature());
        }
        if (request.maxOutputTokens() != null) {
            body.put("max_completion_tokens", request.maxOutputTokens());
        }
        return body;
    }

    static ArrayNode messages(ModelRequest request) {
        ArrayNode messages = Json.mapper().createArrayNode();
        if (!request.instructions().isEmpty()) {
            ObjectNode system = messages.addObject();
            system.put("role", "system");
            system.put("content", request.instructions());
        }
        // The assistant message that the current run of function_call items is appended to.
        ObjectNode toolCallHolder = null;
        for (ObjectNode item : request.input()) {
            String type = Items.type(item);
            if (Items.isMessage(item)) {
                ObjectNode message = messages.addObject();
                String role = item.path("role").asText("");
                message.put("role", role.isEmpty() ? "user" : role);
                message.put("content", Items.text(item));
                toolCallHolder = null;
            } else if ("function_call".equals(type)) {
                if (toolCallHolder == null) {
                    JsonNode previous = messages.isEmpty() ? null : messages.get(messages.size() - 1);
                    if (previous instanceof ObjectNode assistant && "assistant".equals(assistant.path("role").asText())
                            && !assistant.has("tool_calls")) {
                        toolCallHolder = assistant;
                    } else {
                        toolCallHolder = messages.addObject();
                        toolCallHolder.put("role", "assistant");
                        toolCallHolder.putNull("content");
                    }
                    toolCallHolder.putArray("tool_calls");
                }
                ObjectNode call = ((ArrayNode) toolCallHolder.get("tool_calls")).addObject();
                call.put("id", item.path("call_id").asText(""));
                call.put("type", "function");
                ObjectNode function = call.putObject("function");
                function.put("name", item.path("name").asText(""));
                function.put("arguments", asText(item.get("arguments"), "{}"));
            } else if ("function_call_output".equals(type)) {
                ObjectNode message = messages.addObject();
                message.put("role", "tool");
                message.put("tool_call_id", item.path("call_id").asText(""));
                message.put("content", outputText(item.get("output")));
                toolCallHolder = null;
            }
            // Other item types are skipped: Chat Completions cannot carry them.
        }
        return messages;
    }

    private static String asText(JsonNode value, String fallback) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return fallback;
        }
        return value.isTextual() ? value.asText() : Json.write(value);
    }

    /** A tool output: a string as is, content parts as their joined text, anything else as JSON. */
    private static String outputText(JsonNode output) {
        if (output == null || output.isNull() || output.isMissingNode()) {
            return "";
        }
        if (output.isTextual()) {
            return output.asText();
        }
        if (output.isArray()) {
            ObjectNode wrapper = Json.object();
            wrapper.set("content", output);
            String text = Items.text(wrapper);
            if (!text.isEmpty()) {
                return text;
            }
        }
        return Json.write(output);
    }

    static ModelResponse parseAnswer(String body) {
        JsonNode root = parse(body);
        if (root == null || !root.isObject()) {
            throw ModelException.failed(NAME, "the answer is not a JSON object", null);
        }
        JsonNode message = root.path("choices").path(0).path("message");
        if (!message.isObject()) {
            throw ModelException.failed(NAME, "the answer has no choices", null);
        }
        List<ObjectNode> output = new ArrayList<>();
        JsonNode toolCalls = message.path("tool_calls");
        boolean hasToolCalls = toolCalls.isArray() && !toolCalls.isEmpty();
        String content = textOrNull(message.get("content"));
        if (content == null) {
            content = textOrNull(message.get("refusal"));
        }
        if (content != null && !content.isEmpty() || !hasToolCalls) {
            output.add(Items.assistantText(content == null ? "" : content));
        }
        if (hasToolCalls) {
            for (JsonNode call : toolCalls) {
                ObjectNode item = Json.object();
                item.put("type", "function_call");
                item.put("call_id", call.path("id").asText(""));
                item.put("name", call.path("function").path("name").asText(""));
                item.put("arguments", asText(call.path("function").get("arguments"), "{}"));
                output.add(item);
            }
        }
        return new ModelResponse(output, usage(root.path("usage")));
    }

    private static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static Usage usage(JsonNode usage) {
        if (!usage.isObject()) {
            return Usage.NONE;
        }
        long input = Math.max(0, usage.path("prompt_tokens").asLong(0));
        long output = Math.max(0, usage.path("completion_tokens").asLong(0));
        long total = usage.has("total_tokens") ? Math.max(0, usage.path("total_tokens").asLong(0)) : input + output;
        return new Usage(input, output, total);
    }

    static ModelException errorFor(int status, String body, String key) {
        JsonNode root = parse(body);
        JsonNode error = root == null ? null : root.path("error");
        String code = null;
        String message = null;
        if (error != null && error.isObject()) {
            code = textOrNull(error.get("code"));
            if (code == null) {
                code = textOrNull(error.get("type"));
            }
            message = textOrNull(error.get("message"));
        } else if (error != null && error.isTextual()) {
            // Some compatible servers answer {"error": "text"}.
            message = error.asText();
        }
        if (status == 429 && !"insufficient_quota".equals(code)) {
            return ModelException.rateLimited(NAME, null);
        }
        StringBuilder detail = new StringBuilder("HTTP ").append(status);
        if (code != null && !code.isBlank()) {
            detail.append(' ').append(truncate(code, 60));
        }
        if (message != null && !message.isBlank()) {
            String safe = key == null ? message : message.replace(key, "***");
            detail.append(": ").append(truncate(safe.strip(), MAX_ERROR_MESSAGE_CHARS));
        }
        return ModelException.failed(NAME, detail.toString(), null);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return Json.mapper().readTree(body);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "…";
    }
}
