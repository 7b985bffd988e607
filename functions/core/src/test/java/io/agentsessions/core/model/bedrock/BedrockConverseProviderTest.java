package io.agentsessions.core.model.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsessions.core.error.ModelException;
import io.agentsessions.core.json.Json;
import io.agentsessions.core.model.Items;
import io.agentsessions.core.model.ModelRequest;
import io.agentsessions.core.model.ModelResponse;
import io.agentsessions.core.model.Usage;
import io.agentsessions.core.testing.FakeBedrockServer;
import io.agentsessions.core.testing.FakeReply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

class BedrockConverseProviderTest {
    private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    private static FakeBedrockServer server;
    private static BedrockRuntimeClient client;

    private BedrockConverseProvider provider;

    @BeforeAll
    static void startServer() {
        server = FakeBedrockServer.start();
        client = server.newClient();
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.close();
    }

    @BeforeEach
    void setUp() {
        server.reset();
        provider = new BedrockConverseProvider(client);
    }

    private static ModelRequest request(String instructions, ObjectNode... input) {
        return new ModelRequest(MODEL, instructions, List.of(input), null, null, Duration.ofSeconds(5));
    }

    private static ObjectNode message(String role, String content) {
        return Json.object().put("type", "message").put("role", role).put("content", content);
    }

    @Test
    void isNamedBedrock() {
        assertThat(provider.name()).isEqualTo("bedrock");
    }

    @Test
    void sendsSystemAndAlternatingMessagesToTheModelsConversePath() {
        // given: leading assistant, a developer note, two user items in a row, tool items
        ObjectNode call = Json.object().put("type", "function_call").put("call_id", "c1")
                .put("name", "weather").put("arguments", "{\"city\":\"Oslo\"}");
        ObjectNode result = Json.object().put("type", "function_call_output").put("call_id", "c1").put("output", "rain");
        ModelRequest request = new ModelRequest(MODEL, "You are terse.", List.of(
                Items.assistantText("Welcome!"),
                message("developer", "Use metric units."),
                Items.userText("Hi"),
                Items.userText("Weather in Oslo?"),
                Items.assistantText("Checking."),
                call,
                result,
                Json.object().put("type", "reasoning"),
                Items.userText("Thanks")),
                0.5, 256, Duration.ofSeconds(5));

        // when
        provider.respond(request);

        // then
        assertThat(server.lastRequest().method()).isEqualTo("POST");
        assertThat(FakeBedrockServer.modelId(server.lastRequest())).isEqualTo(MODEL);
        JsonNode body = server.lastBody();
        assertThat(body.path("system")).isEqualTo(Json.readTrusted("""
                [{"text":"You are terse."},{"text":"Use metric units."}]"""));
        assertThat(body.path("messages")).isEqualTo(Json.readTrusted("""
                [{"role":"user","content":[{"text":"Hi"},{"text":"Weather in Oslo?"}]},
                 {"role":"assistant","content":[{"text":"Checking."},{"text":"[tool call weather({\\"city\\":\\"Oslo\\"})]"}]},
                 {"role":"user","content":[{"text":"[tool result c1: rain]"},{"text":"Thanks"}]}]"""));
        assertThat(body.path("inferenceConfig").path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body.path("inferenceConfig").path("maxTokens").asInt()).isEqualTo(256);
    }

    @Test
    void omitsSystemAndInferenceConfigWhenUnset() {
        provider.respond(request("", Items.userText("Hi")));

        JsonNode body = server.lastBody();
        assertThat(body.has("system")).isFalse();
        assertThat(body.has("inferenceConfig")).isFalse();
        assertThat(body.path("messages")).isEqualTo(Json.readTrusted("[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}]"));
    }

    @Test
    void parsesAnswerAndUsage() {
        server.enqueue(FakeReply.json(200, """
                {"output":{"message":{"role":"assistant","content":[{"text":"Sunny, "},{"text":"21 °C."}]}},
                 "stopReason":"end_turn","usage":{"inputTokens":30,"outputTokens":6,"totalTokens":36},
                 "metrics":{"latencyMs":12}}"""));

        ModelResponse response = provider.respond(request("", Items.userText("Weather?")));

        assertThat(response.output()).containsExactly(Items.assistantText("Sunny, 21 °C."));
        assertThat(response.usage()).isEqualTo(new Usage(30, 6, 36));
    }

    @Test
    void defaultFakeAnswerEchoesTheLastUserMessage() {
        ModelResponse response = provider.respond(request("sys", Items.userText("ping")));

        assertThat(response.finalOutput()).isEqualTo("reply to: ping");
    }

    @Test
    void throttlingIsRateLimited() {
        server.enqueue(FakeBedrockServer.throttling());

        ModelException error = catchThrowableOfType(ModelException.class,
                () -> provider.respond(request("", Items.userText("x"))));

        assertThat(error.code()).isEqualTo("MODEL_RATE_LIMITED");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void validationErrorIsModelErrorWithItsMessage() {
        server.enqueue(FakeBedrockServer.validation("The provided model identifier is invalid."));

        ModelException error = catchThrowableOfType(ModelException.class,
                () -> provider.respond(request("", Items.userText("x"))));

        assertThat(error.code()).isEqualTo("MODEL_ERROR");
        assertThat(error.getMessage()).contains("ValidationException: The provided model identifier is invalid.");
    }

    @Test
    void serviceUnavailableIsModelError() {
        server.enqueue(FakeBedrockServer.serviceUnavailable());

        ModelException error = catchThrowableOfType(ModelException.class,
                () -> provider.respond(request("", Items.userText("x"))));

        assertThat(error.code()).isEqualTo("MODEL_ERROR");
        assertThat(error.getMessage()).contains("ServiceUnavailableException");
    }

    @Test
    void longServiceMessagesAreTruncated() {
        server.enqueue(FakeBedrockServer.validation("y".repeat(1000)));

        ModelException error = catchThrowableOfType(ModelException.class,
                () -> provider.respond(request("", Items.userText("x"))));

        assertThat(error.getMessage()).contains("y".repeat(200) + "…").doesNotContain("y".repeat(201));
    }

    @Test
    void modelTimeoutIsTimeout() {
        server.enqueue(FakeBedrockServer.modelTimeout());

        ModelException error = catchThrowableOfType(ModelException.class,
                () -> provider.respond(request("", Items.userText("x"))));

        assertThat(error.code()).isEqualTo("MODEL_TIMEOUT");
        assertThat(error.timedOut()).isTrue();
    }

    @Test
    void slowServerTimesOut() {
        server.enqueue(FakeBedrockServer.text("late").after(Duration.ofSeconds(3)));
        ModelRequest request = new ModelRequest(MODEL, "", List.of(Items.userText("x")), null, null,
                Duration.ofMillis(300));

        long start = System.nanoTime();
        ModelException error = catchThrowableOfType(ModelException.class, () -> provider.respond(request));

        assertThat(error.code()).isEqualTo("MODEL_TIMEOUT");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void answerWithoutMessageIsModelError() {
        server.enqueue(FakeReply.json(200, "{\"stopReason\":\"end_turn\"}"));

        ModelException error = catchThrowableOfType(ModelException.class,
                () -> provider.respond(request("", Items.userText("x"))));

        assertThat(error.code()).isEqualTo("MODEL_ERROR");
    }

    @Test
    void inputWithoutUserMessageIsInvalidRequestAndNothingIsSent() {
        var error = catchThrowableOfType(io.agentsessions.core.error.InvalidRequestException.class,
                () -> provider.respond(request("sys", Items.assistantText("only me"))));

        assertThat(error.code()).isEqualTo("INVALID_REQUEST");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void defaultClientBuildsWithExplicitRegionAndEndpoint() {
        try (BedrockRuntimeClient built = BedrockConverseProvider.defaultClient(Region.EU_WEST_1, server.endpoint())) {
            assertThat(built.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
            assertThat(built.serviceClientConfiguration().endpointOverride()).contains(server.endpoint());
        }
    }
}
