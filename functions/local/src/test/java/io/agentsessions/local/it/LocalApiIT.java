package io.agentsessions.local.it;

import static io.agentsessions.local.it.HttpClientSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsessions.core.testing.FakeOpenAiServer;
import io.agentsessions.local.LocalRuntime;
import io.agentsessions.local.emulator.EmulatorSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The product end to end as a user meets it: HTTP requests to the local API, served by the real
 * handlers, stored in DynamoDB Local, with the model behind the real OpenAI-compatible provider
 * talking to a local server that speaks OpenAI's wire format.
 */
class LocalApiIT {
    private static FakeOpenAiServer openAi;
    private static LocalRuntime runtime;
    private static URI api;

    @BeforeAll
    static void start() throws Exception {
        openAi = FakeOpenAiServer.start();
        Path data = Files.createTempDirectory(Path.of("target"), "local-api-it");
        runtime = LocalRuntime.start(EmulatorSettings.persistent(data), 0, Map.of(
                "OPENAI_API_KEY", "sk-test-not-real",
                "OPENAI_BASE_URL", openAi.baseUrl()));
        api = runtime.apiUri();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (openAi != null) {
            openAi.close();
        }
    }

    private static String sessionPath() {
        return "/sessions/alice-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aliceExampleOverHttpSendsTheFirstExchangeAsHistory() {
        String session = sessionPath();
        openAi.enqueue(FakeOpenAiServer.text("Nice to meet you, Alice!"), FakeOpenAiServer.text("Your name is Alice."));

        var first = send(api, "POST", session + "/runs", "{\"input\":\"My name is Alice\",\"agent\":\"assistant\"}");
        var second = send(api, "POST", session + "/runs", "{\"input\":\"What is my name?\",\"agent\":\"assistant\"}");

        assertThat(runtime.provider()).isEqualTo("openai");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("finalOutput").asText()).isEqualTo("Nice to meet you, Alice!");
        assertThat(second.body().path("finalOutput").asText()).isEqualTo("Your name is Alice.");
        JsonNode messages = openAi.lastMessages();
        assertThat(messages).hasSize(4);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).path("content").asText()).contains("Remember what the user tells you");
        assertThat(messages.get(1).path("content").asText()).isEqualTo("My name is Alice");
        assertThat(messages.get(2).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(2).path("content").asText()).isEqualTo("Nice to meet you, Alice!");
        assertThat(messages.get(3).path("content").asText()).isEqualTo("What is my name?");
        assertThat(openAi.lastRequest().header("authorization")).isEqualTo("Bearer sk-test-not-real");
        assertThat(second.body().path("messageCount").asInt()).isEqualTo(4);
    }

    @Test
    void getClearAndDeleteOverHttp() {
        String session = sessionPath();
        openAi.enqueue(FakeOpenAiServer.text("ok"));
        assertThat(send(api, "PUT", session, "{\"context\":{\"user_id\":\"123\"},\"data\":{\"theme\":\"dark\"}}")
                .status()).isEqualTo(201);
        send(api, "POST", session + "/runs", "{\"input\":\"hello\"}");

        var page = send(api, "GET", session + "?limit=1&order=desc", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().path("messages").get(0).path("item").path("role").asText()).isEqualTo("assistant");
        assertThat(page.body().path("nextCursor").isTextual()).isTrue();

        assertThat(send(api, "DELETE", session + "/messages", null).status()).isEqualTo(204);
        var cleared = send(api, "GET", session, null);
        assertThat(cleared.body().path("messageCount").asInt()).isZero();
        assertThat(cleared.body().path("context").path("user_id").asText()).isEqualTo("123");
        assertThat(cleared.body().path("data").path("theme").asText()).isEqualTo("dark");

        assertThat(send(api, "DELETE", session, null).status()).isEqualTo(204);
        var gone = send(api, "GET", session, null);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.contentType()).isEqualTo("application/problem+json");
        assertThat(gone.body().path("code").asText()).isEqualTo("SESSION_NOT_FOUND");
    }

    @Test
    void answersCarryTheSameTimesAsLaterReadsFromDynamoDb() {
        String session = sessionPath();
        var created = send(api, "PUT", session, "{\"context\":{\"a\":1}}");
        var read = send(api, "GET", session, null);

        assertThat(read.body().path("createdAt")).isEqualTo(created.body().path("createdAt"));
        assertThat(read.body().path("updatedAt")).isEqualTo(created.body().path("updatedAt"));
    }

    @Test
    void modelErrorAnswers502AndWritesNothing() {
        String session = sessionPath();
        openAi.enqueue(FakeOpenAiServer.text("first"));
        send(api, "POST", session + "/runs", "{\"input\":\"one\"}");
        openAi.enqueue(FakeOpenAiServer.error(500, "server_error", null, "upstream exploded"));

        var failed = send(api, "POST", session + "/runs", "{\"input\":\"two\"}");

        assertThat(failed.status()).isEqualTo(502);
        assertThat(failed.body().path("code").asText()).isEqualTo("MODEL_ERROR");
        assertThat(send(api, "GET", session, null).body().path("messageCount").asInt()).isEqualTo(2);
    }

    @Test
    void badRequestsGetProblemsOverHttp() {
        String session = sessionPath();
        assertThat(send(api, "POST", session + "/runs", "{not json").body().path("code").asText())
                .isEqualTo("INVALID_JSON");
        assertThat(send(api, "POST", "/sessions/bad%20id!/runs", "{\"input\":\"x\"}").body().path("code").asText())
                .isEqualTo("INVALID_SESSION_ID");
        assertThat(send(api, "POST", session + "/runs", "{\"input\":\"x\",\"agent\":\"nobody\"}").body()
                .path("code").asText()).isEqualTo("UNKNOWN_AGENT");
        var unknownRoute = send(api, "GET", "/nope", null);
        assertThat(unknownRoute.status()).isEqualTo(404);
        assertThat(unknownRoute.body().path("code").asText()).isEqualTo("ROUTE_NOT_FOUND");
        var wrongMethod = send(api, "POST", session, "{}");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.body().path("code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(send(api, "GET", session, null).status()).isEqualTo(404);
    }
}
