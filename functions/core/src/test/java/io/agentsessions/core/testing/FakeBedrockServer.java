package io.agentsessions.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsessions.core.json.Json;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * A fake Amazon Bedrock Runtime endpoint on {@code 127.0.0.1} speaking the Converse API as the
 * AWS SDK sends it ({@code POST /model/{modelId}/converse}, restJson), for unit and integration
 * tests. {@link #newClient()} builds an SDK client pointed at it.
 *
 * <p>By default every Converse call is answered with {@link #defaultReply(JsonNode)}: the
 * assistant text {@code "reply to: <last user message>"} (the text blocks of the last user
 * message, joined by newlines), with usage counting whitespace-separated words (input: all text
 * blocks of system and messages; output: the reply). Other paths get a 404
 * {@code ResourceNotFoundException}. Script other answers with {@link #enqueue} (one-shot, in
 * order) or {@link #alwaysReply}; build them with {@link #text}, {@link #error} and its
 * shortcuts, and slow them down with {@link FakeReply#after(Duration)}.
 *
 * <p>Errors use the SDK's restJson convention: the status, an {@code x-amzn-ErrorType} header
 * naming the exception (e.g. {@code ThrottlingException}) and a body {@code {"message": ...}}.
 *
 * <p>Every request is recorded ({@link #requests()}, {@link #lastBody()}); the model id is
 * available decoded through {@link #modelId(RecordedRequest)}.
 */
public final class FakeBedrockServer implements AutoCloseable {
    private static final String PATH_PREFIX = "/model/";
    private static final String PATH_SUFFIX = "/converse";

    private final FakeHttpServer http;

    private FakeBedrockServer() {
        this.http = FakeHttpServer.start(FakeBedrockServer::route);
    }

    /** Starts a server on a free loopback port. */
    public static FakeBedrockServer start() {
        return new FakeBedrockServer();
    }

    /** The endpoint override for the SDK client: {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return http.uri();
    }

    /** The port the server listens on. */
    public int port() {
        return http.port();
    }

    /**
     * A client for this server: region {@code us-east-1}, dummy static credentials, the
     * URLConnection HTTP client and no retries (so error tests see exactly one request and run
     * fast). Close it after the test.
     */
    public BedrockRuntimeClient newClient() {
        return BedrockRuntimeClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDFAKE", "fake-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** Answers for the next requests, one each, in order; then the default answer resumes. */
    public FakeBedrockServer enqueue(FakeReply... replies) {
        http.enqueue(replies);
        return this;
    }

    /** Answers every request not covered by {@link #enqueue} with {@code reply}. */
    public FakeBedrockServer alwaysReply(FakeReply reply) {
        http.respondWith(request -> reply);
        return this;
    }

    /** Answers every request not covered by {@link #enqueue} with whatever {@code responder} returns. */
    public FakeBedrockServer respondWith(Function<RecordedRequest, FakeReply> responder) {
        http.respondWith(responder);
        return this;
    }

    /** Forgets requests and scripted answers and restores the default answer. */
    public void reset() {
        http.clear();
        http.respondWith(FakeBedrockServer::route);
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

    /** The model id of a Converse request (decoded from the path), or {@code null} for other paths. */
    public static String modelId(RecordedRequest request) {
        String path = request.path();
        if (!path.startsWith(PATH_PREFIX) || !path.endsWith(PATH_SUFFIX)
                || path.length() <= PATH_PREFIX.length() + PATH_SUFFIX.length()) {
            return null;
        }
        return path.substring(PATH_PREFIX.length(), path.length() - PATH_SUFFIX.length());
    }

    @Override
    public void close() {
        http.close();
    }

    /** A Converse answer with one text block and the given usage. */
    public static FakeReply text(String text, int inputTokens, int outputTokens) {
        ObjectNode body = Json.object();
        ObjectNode message = body.putObject("output").putObject("message");
        message.put("role", "assistant");
        message.putArray("content").addObject().put("text", text);
        body.put("stopReason", "end_turn");
        ObjectNode usage = body.putObject("usage");
        usage.put("inputTokens", inputTokens);
        usage.put("outputTokens", outputTokens);
        usage.put("totalTokens", inputTokens + outputTokens);
        body.putObject("metrics").put("latencyMs", 1);
        return FakeReply.json(200, Json.write(body));
    }

    /** A Converse answer with one text block, usage 10 input + 5 output tokens. */
    public static FakeReply text(String text) {
        return text(text, 10, 5);
    }

    /** An error the SDK maps to the exception named {@code errorType}, e.g. {@code ValidationException}. */
    public static FakeReply error(int status, String errorType, String message) {
        ObjectNode body = Json.object();
        body.put("message", message);
        return FakeReply.json(status, Json.write(body)).withHeader("x-amzn-ErrorType", errorType);
    }

    /** 429 {@code ThrottlingException}. */
    public static FakeReply throttling() {
        return error(429, "ThrottlingException", "Too many requests, please wait before trying again.");
    }

    /** 400 {@code ValidationException} with this message. */
    public static FakeReply validation(String message) {
        return error(400, "ValidationException", message);
    }

    /** 408 {@code ModelTimeoutException}. */
    public static FakeReply modelTimeout() {
        return error(408, "ModelTimeoutException", "Model has timed out in processing the request.");
    }

    /** 503 {@code ServiceUnavailableException}. */
    public static FakeReply serviceUnavailable() {
        return error(503, "ServiceUnavailableException", "Service is temporarily unavailable.");
    }

    /** The default answer to a Converse request: echoes the last user message. */
    public static FakeReply defaultReply(JsonNode requestBody) {
        long inputWords = 0;
        for (JsonNode block : requestBody.path("system")) {
            inputWords += words(block.path("text").asText(""));
        }
        String lastUser = "";
        for (JsonNode message : requestBody.path("messages")) {
            StringBuilder text = new StringBuilder();
            for (JsonNode block : message.path("content")) {
                if (block.path("text").isTextual()) {
                    text.append(text.isEmpty() ? "" : "\n").append(block.path("text").asText());
                }
            }
            inputWords += words(text.toString());
            if ("user".equals(message.path("role").asText())) {
                lastUser = text.toString();
            }
        }
        String reply = "reply to: " + lastUser;
        return text(reply, (int) inputWords, (int) words(reply));
    }

    private static FakeReply route(RecordedRequest request) {
        if (!"POST".equals(request.method()) || modelId(request) == null) {
            return error(404, "ResourceNotFoundException", "Unknown operation " + request.method() + " " + request.path());
        }
        return defaultReply(request.json());
    }

    private static long words(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }
}
