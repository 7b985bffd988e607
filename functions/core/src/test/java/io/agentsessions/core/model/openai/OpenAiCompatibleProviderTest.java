package io.agentsessions.core.model.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsessions.core.error.ModelException;
import io.agentsessions.core.json.Json;
import io.agentsessions.core.model.Items;
import io.agentsessions.core.model.ModelRequest;
import io.agentsessions.core.model.ModelResponse;
import io.agentsessions.core.model.Usage;
import io.agentsessions.core.testing.FakeOpenAiServer;
import io.agentsessions.core.testing.FakeOpenAiServer.ToolCall;
import io.agentsessions.core.testing.FakeReply;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiCompatibleProviderTest {
    private static final String KEY = "sk-test-0123456789abcdef";
    private static FakeOpenAiServer server;

    private OpenAiCompatibleProvider provider;

    @BeforeAll
    static void startServer() {
        server = FakeOpenAiServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void setUp() {
        server.reset();
        provider = new OpenAiCompatibleProvider(server.baseUrl() + "/", () -> KEY, Duration.ofSeconds(2));
    }

    private static ModelRequest request(String instructions, List<ObjectNode> input) {
        return new ModelRequest("gpt-test", instructions, input, null, null, Duration.ofSeconds(5));
    }

    private static ObjectNode message(String role, String content) {
        return Json.object().put("type", "message").put("role", role).put("content", content);
    }

    @Test
    void isNamedOpenai() {
        assertThat(provider.name()).isEqualTo("openai");
    }

    @Test
    void sendsInstructionsAsSystemThenHistoryInOrder() {
        // given
        ModelRequest request = new ModelRequest("gpt-test", "You are terse.",
                List.of(Items.userText("Hi"), Items.assistantText("Hello!"), message("developer", "Use metric units"),
                        Items.userText("Weather?")),
                0.2, 300, Duration.ofSeconds(5));

        // when
        provider.respond(request);

        // then
        JsonNode body = server.lastBody();
        assertThat(server.lastRequest().method()).isEqualTo("POST");
        assertThat(server.lastRequest().path()).isEqualTo("/v1/chat/completions");
        assertThat(server.lastRequest().header("Content-Type")).isEqualTo("application/json");
        assertThat(body.path("model").asText()).isEqualTo("gpt-test");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(300);
        assertThat(body.path("messages")).isEqualTo(Json.readTrusted("""
                [{"role":"system","content":"You are terse."},
                 {"role":"user","content":"Hi"},
                 {"role":"assistant","content":"Hello!"},
                 {"role":"developer","content":"Use metric units"},
                 {"role":"user","content":"Weather?"}]"""));
    }

    @Test
    void omitsEmptyInstructionsAndUnsetOptions() {
        provider.respond(request("", List.of(Items.userText("Hi"))));

        JsonNode body = server.lastBody();
        assertThat(body.has("temperature")).isFalse();
        assertThat(body.has("max_completion_tokens")).isFalse();
        assertThat(body.path("messages")).isEqualTo(Json.readTrusted("[{\"role\":\"user\",\"content\":\"Hi\"}]"));
    }

    @Test
    void parsesAnswerAndUsage() {
        server.enqueue(FakeOpenAiServer.text("Sunny, 21 °C.", 42, 7));

        ModelResponse response = provider.respond(request("", List.of(Items.userText("Weather?"))));

        assertThat(response.output()).containsExactly(Items.assistantText("Sunny, 21 °C."));
        assertThat(response.finalOutput()).isEqualTo("Sunny, 21 °C.");
        assertThat(response.usage()).isEqualTo(new Usage(42, 7, 49));
    }

    @Test
    void sendsBearerKeyOnlyWhenOneIsConfigured() {
        provider.respond(request("", List.of(Items.userText("a"))));
        assertThat(server.lastRequest().header("Authorization")).isEqualTo("Bearer " + KEY);

        new OpenAiCompatibleProvider(server.baseUrl(), () -> null, Duration.ofSeconds(2))
                .respond(request("", List.of(Items.userText("b"))));
        assertThat(server.lastRequest().headers()).doesNotContainKey("Authorization");

        new OpenAiCompatibleProvider(server.baseUrl(), () -> "  ", Duration.ofSeconds(2))
                .respond(request("", List.of(Items.userText("c"))));
        assertThat(server.lastRequest().headers()).doesNotContainKey("Authorization");
    }

    @Test
    void mapsToolCallsAndResultsToChatMessages() {
        // given: a Responses-style turn (text, two parallel calls, their outputs) and skipped item types
        ObjectNode reasoning = Json.object().put("type", "reasoning");
        ObjectNode call1 = Json.object().put("type", "function_call").put("call_id", "call_1")
                .put("name", "weather").put("arguments", "{\"city\":\"Oslo\"}");
        ObjectNode call2 = Json.object().put("type", "function_call").put("call_id", "call_2")
                .put("name", "time").put("arguments", "{}");
        ObjectNode out1 = Json.object().put("type", "function_call_output").put("call_id", "call_1").put("output", "rain");
        ObjectNode out2 = Json.object().put("type", "function_call_output").put("call_id", "call_2");
        out2.putArray("output").addObject().put("type", "input_text").put("text", "12:00");
        ObjectNode call3 = Json.object().put("type", "function_call").put("call_id", "call_3").put("name", "noop");
        call3.putObject("arguments").put("x", 1);

        // when
        provider.respond(request("", List.of(Items.userText("Weather and time in Oslo?"), reasoning,
                Items.assistantText("Let me check."), call1, call2, out1, out2, call3)));

        // then
        assertThat(server.lastBody().path("messages")).isEqualTo(Json.readTrusted("""
                [{"role":"user","content":"Weather and time in Oslo?"},
                 {"role":"assistant","content":"Let me check.","tool_calls":[
                   {"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Oslo\\"}"}},
                   {"id":"call_2","type":"function","function":{"name":"time","arguments":"{}"}}]},
                 {"role":"tool","tool_call_id":"call_1","content":"rain"},
                 {"role":"tool","tool_call_id":"call_2","content":"12:00"},
                 {"role":"assistant","content":null,"tool_calls":[
                   {"id":"call_3","type":"function","function":{"name":"noop","arguments":"{\\"x\\":1}"}}]}]"""));
    }

    @Test
    void returnsToolCallsAsFunctionCallItems() {
        server.enqueue(FakeOpenAiServer.toolCalls(null, new ToolCall("call_9", "weather", "{\"city\":\"Oslo\"}")));

        ModelResponse response = provider.respond(request("", List.of(Items.userText("Weather?"))));

        assertThat(response.output()).containsExactly((ObjectNode) Json.readTrusted("""
                {"type":"function_call","call_id":"call_9","name":"weather","arguments":"{\\"city\\":\\"Oslo\\"}"}"""));
    }

    @Test
    void returnsTextBeforeToolCallsWhenBothArePresent() {
        server.enqueue(FakeOpenAiServer.toolCalls("Checking.", new ToolCall("c", "f", "{}")));

        ModelResponse response = provider.respond(request("", List.of(Items.userText("?"))));

        assertThat(response.output()).hasSize(2);
        assertThat(response.output().get(0)).isEqualTo(Items.assistantText("Checking."));
        assertThat(response.output().get(1).path("type").asText()).isEqualTo("function_call");
    }

    @ParameterizedTest
    @CsvSource({
            "401, invalid_request_error, invalid_api_key, HTTP 401 invalid_api_key: Incorrect API key provided",
            "400, invalid_request_error, , HTTP 400 invalid_request_error: Incorrect API key provided",
            "500, server_error, , HTTP 500 server_error: Incorrect API key provided",
            "503, service_unavailable, , HTTP 503 service_unavailable: Incorrect API key provided",
            "429, insufficient_quota, insufficient_quota, HTTP 429 insufficient_quota: Incorrect API key provided"})
    void mapsErrorAnswersToModelError(int status, String type, String code, String expectedDetail) {
        server.enqueue(FakeOpenAiServer.error(status, type, code, "Incorrect API key provided"));

        ModelException error = catchThrowableOfType(ModelException.class,
                () -> provider.respond(request("", List.of(Items.userText("x")))));

        assertThat(error.code()).isEqualTo("MODEL_ERROR");
        assertThat(error.timedOut()).isFalse();
        assertThat(error.getMessage()).contains(expectedDetail);
    }

    @Test
    void neverRepeatsTheKeyAndTruncatesLongProviderMessages() {
        server.enqueue(FakeOpenAiServer.error(401, "invalid_request_error", "invalid_api_key",
                "Incorrect API key provided: " + KEY + ". " + "x".repeat(500)));

        ModelException error = catchThrowableOfType(ModelException.class,
                () -> provider.respond(request("", List.of(Items.userText("x")))));

        assertThat(error.getMessage()).doesNotContain(KEY).contains("Incorrect API key provided: ***").contains("…")
                .doesNotContain("x".repeat(201));
    }

    @Test
    void mapsTooManyRequestsToRateLimited() {
        server.enqueue(FakeOpenAiServer.error(429, "requests", "rate_limit_exceeded", "Rate limit reached"));

        assertThatThrownBy(() -> provider.respond(request("", List.of(Items.userText("x")))))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.code()).isEqualTo("MODEL_RATE_LIMITED"));
    }

    @Test
    void slowServerTimesOut() {
        server.enqueue(FakeOpenAiServer.text("late").after(Duration.ofSeconds(3)));
        ModelRequest request = new ModelRequest("gpt-test", "", List.of(Items.userText("x")), null, null,
                Duration.ofMillis(300));

        long start = System.nanoTime();
        ModelException error = catchThrowableOfType(ModelException.class, () -> provider.respond(request));

        assertThat(error.code()).isEqualTo("MODEL_TIMEOUT");
        assertThat(error.timedOut()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "200|this is not json",
            "200|''",
            "200|{\"choices\":[]}",
            "200|[1,2]",
            "502|<html>Bad gateway</html>"})
    void unusableAnswersAreModelErrors(int status, String body) {
        server.enqueue(FakeReply.json(status, body));

        ModelException error = catchThrowableOfType(ModelException.class,
                () -> provider.respond(request("", List.of(Items.userText("x")))));

        assertThat(error.code()).isEqualTo("MODEL_ERROR");
    }

    @Test
    void unreachableServerIsConnectionFailure() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        OpenAiCompatibleProvider unreachable = new OpenAiCompatibleProvider("http://127.0.0.1:" + port + "/v1",
                () -> KEY, Duration.ofSeconds(1));

        ModelException error = catchThrowableOfType(ModelException.class,
                () -> unreachable.respond(request("", List.of(Items.userText("x")))));

        assertThat(error.code()).isEqualTo("MODEL_ERROR");
        assertThat(error.getMessage()).contains("connection failed").doesNotContain(KEY);
    }

    @Test
    void keyResolutionFailureIsModelErrorWithoutDetails() {
        OpenAiCompatibleProvider broken = new OpenAiCompatibleProvider(server.baseUrl(), () -> {
            throw new IllegalStateException("SSM parameter /x is empty");
        }, Duration.ofSeconds(1));

        ModelException error = catchThrowableOfType(ModelException.class,
                () -> broken.respond(request("", List.of(Items.userText("x")))));

        assertThat(error.code()).isEqualTo("MODEL_ERROR");
        assertThat(error.getCause()).isInstanceOf(IllegalStateException.class);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void interruptedCallerFailsAndKeepsInterruptFlag() {
        // A server of its own: the abandoned request may still arrive after this test ends.
        try (FakeOpenAiServer slow = FakeOpenAiServer.start()) {
            slow.alwaysReply(FakeOpenAiServer.text("late").after(Duration.ofSeconds(3)));
            OpenAiCompatibleProvider interrupted = new OpenAiCompatibleProvider(slow.baseUrl(), () -> KEY,
                    Duration.ofSeconds(1));
            Thread.currentThread().interrupt();
            try {
                ModelException error = catchThrowableOfType(ModelException.class,
                        () -> interrupted.respond(request("", List.of(Items.userText("x")))));

                assertThat(error.code()).isEqualTo("MODEL_ERROR");
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Test
    void rejectsNonHttpBaseUrl() {
        assertThatThrownBy(() -> new OpenAiCompatibleProvider("ftp://example.com/v1", () -> null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
