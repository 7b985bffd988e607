package io.agentsessions.api;

import static io.agentsessions.api.ProblemAssertions.assertJson;
import static io.agentsessions.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsessions.core.json.Json;
import io.agentsessions.core.session.StoredItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code POST /sessions/{sessionId}/runs} with the echo model, which reports exactly what it was shown. */
class RunHandlerTest {
    /** First line of agents.json's "assistant" instructions, as the echo model quotes it (cut at 60 code points). */
    private static final String ASSISTANT = "instructions \"You are a helpful assistant. Remember what the user tells yo…\"; ";
    private static final String TRIAGE = "instructions \"You are the first agent in a chain. Summarize what the user …\"; ";
    private static final String WRITER = "instructions \"You are the second agent in a chain. Write the final answer …\"; ";

    private final TestApi api = TestApi.create();

    @Test
    void secondAliceRunShowsTheModelTheFirstExchange() {
        // given: the sample event, unchanged
        Reply first = api.run(Events.run());
        assertThat(assertJson(first, 200).path("finalOutput").asText())
                .isEqualTo("echo: My name is Alice\n" + ASSISTANT + "[saw 1 items: user \"My name is Alice\"]");

        // when
        Reply second = api.run(Events.body(Events.run(), "{\"input\":\"What is my name?\",\"agent\":\"assistant\"}"));

        // then: the model saw the stored user message and its own earlier answer, then the new question
        assertThat(assertJson(second, 200).path("finalOutput").asText()).isEqualTo("echo: What is my name?\n"
                + ASSISTANT + "[saw 3 items: user \"My name is Alice\" | assistant \"echo: My name is Alice\""
                + " | user \"What is my name?\"]");
        assertThat(api.items("alice-1")).extracting(StoredItem::seq).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void runAnswersWithTheDocumentedShape() {
        JsonNode body = assertJson(api.run(Events.run()), 200);

        assertThat(fieldNames(body)).containsExactly("sessionId", "agent", "finalOutput", "newItems", "usage",
                "messageCount");
        assertThat(body.path("sessionId").asText()).isEqualTo("alice-1");
        assertThat(body.path("agent").asText()).isEqualTo("assistant");
        assertThat(body.path("messageCount").asLong()).isEqualTo(2);

        JsonNode items = body.path("newItems");
        assertThat(items).hasSize(2);
        JsonNode input = items.get(0);
        JsonNode output = items.get(1);
        assertThat(fieldNames(input)).containsExactly("seq", "turnId", "createdAt", "item");
        assertThat(input.path("seq").asLong()).isZero();
        assertThat(input.path("item")).isEqualTo(Json.readTrusted(
                "{\"type\":\"message\",\"role\":\"user\",\"content\":\"My name is Alice\"}"));
        assertThat(fieldNames(output)).containsExactly("seq", "turnId", "createdAt", "agent", "item");
        assertThat(output.path("seq").asLong()).isEqualTo(1);
        assertThat(output.path("agent").asText()).isEqualTo("assistant");
        assertThat(output.path("item").path("role").asText()).isEqualTo("assistant");
        assertThat(output.path("item").path("content").get(0).path("type").asText()).isEqualTo("output_text");
        assertThat(output.path("item").path("content").get(0).path("text").asText())
                .isEqualTo(body.path("finalOutput").asText());
        assertThat(input.path("turnId").asText()).isNotBlank().isEqualTo(output.path("turnId").asText());
        assertThat(Instant.parse(input.path("createdAt").asText()))
                .isEqualTo(Instant.parse(output.path("createdAt").asText()))
                .isBeforeOrEqualTo(Instant.now());

        // usage: the echo model counts words; instructions (11) + "My name is Alice" (4)
        JsonNode usage = body.path("usage");
        assertThat(usage.path("inputTokens").asLong()).isEqualTo(15);
        assertThat(usage.path("outputTokens").asLong()).isEqualTo(words(body.path("finalOutput").asText()));
        assertThat(usage.path("totalTokens").asLong())
                .isEqualTo(usage.path("inputTokens").asLong() + usage.path("outputTokens").asLong());
    }

    @Test
    void laterRunContinuesSequenceNumbersUnderANewTurnId() {
        JsonNode first = assertJson(api.run(Events.run()), 200);
        JsonNode second = assertJson(api.run(Events.body(Events.run(), "{\"input\":\"What is my name?\"}")), 200);

        assertThat(second.path("newItems")).extracting(item -> item.path("seq").asLong()).containsExactly(2L, 3L);
        assertThat(second.path("newItems").get(0).path("turnId").asText())
                .isNotEqualTo(first.path("newItems").get(0).path("turnId").asText());
        assertThat(second.path("messageCount").asLong()).isEqualTo(4);
    }

    @Test
    void runWithoutAgentUsesTheAssistantAgent() {
        JsonNode body = assertJson(api.run(Events.body(Events.run(), "{\"input\":\"hi\"}")), 200);

        assertThat(body.path("agent").asText()).isEqualTo("assistant");
        assertThat(body.path("finalOutput").asText()).isEqualTo("echo: hi\n" + ASSISTANT + "[saw 1 items: user \"hi\"]");
    }

    @Test
    void runAcceptsInputItemsAndStoresThemUnchanged() {
        String items = "[{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Hi\"}],"
                + "\"x-client\":{\"keep\":1.50}}]";
        JsonNode body = assertJson(api.run(Events.body(Events.run(), "{\"input\":" + items + "}")), 200);

        assertThat(body.path("finalOutput").asText()).startsWith("echo: Hi\n");
        assertThat(Json.write(body.path("newItems").get(0).path("item")))
                .isEqualTo("{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Hi\"}],"
                        + "\"x-client\":{\"keep\":1.50}}");
    }

    @Test
    void chainedAgentsShareOneHistoryAndStoredItemsRecordTheirAgent() {
        // given: triage answers first
        api.say("chain-1", "triage", "I need a refund for order 42");

        // when: the writer runs on the same session
        JsonNode writer = api.say("chain-1", "writer", "Write the reply.");

        // then: the writer saw the user's request and triage's answer
        assertThat(writer.path("agent").asText()).isEqualTo("writer");
        assertThat(writer.path("finalOutput").asText()).isEqualTo("echo: Write the reply.\n" + WRITER
                + "[saw 3 items: user \"I need a refund for order 42\" | assistant \"echo: I need a refund for order 42\""
                + " | user \"Write the reply.\"]");
        List<StoredItem> stored = api.items("chain-1");
        assertThat(stored).extracting(StoredItem::agent).containsExactly(null, "triage", null, "writer");
        assertThat(stored.get(1).item().path("content").get(0).path("text").asText())
                .isEqualTo("echo: I need a refund for order 42\n" + TRIAGE
                        + "[saw 1 items: user \"I need a refund for order 42\"]");

        JsonNode page = assertJson(api.get(Events.sessionId(Events.get(), "chain-1")), 200);
        assertThat(page.path("messages")).extracting(m -> m.path("agent").asText(null))
                .containsExactly(null, "triage", null, "writer");
    }

    @Test
    void inlineAgentRunsAndIsRecordedOnItsItems() {
        String body = "{\"input\":\"hi\",\"agent\":{\"name\":\"terse\",\"instructions\":\"Be brief.\"}}";

        JsonNode reply = assertJson(api.run(Events.body(Events.run(), body)), 200);

        assertThat(reply.path("agent").asText()).isEqualTo("terse");
        // the example of EchoModelProvider's documentation
        assertThat(reply.path("finalOutput").asText()).isEqualTo("echo: hi\ninstructions \"Be brief.\"; [saw 1 items: user \"hi\"]");
        assertThat(api.items("alice-1")).extracting(StoredItem::agent).containsExactly(null, "terse");
    }

    @Test
    void inlineAgentWithoutNameIsRejectedAndNothingIsWritten() {
        String body = "{\"input\":\"hi\",\"agent\":{\"instructions\":\"Be brief.\"}}";

        assertProblem(api.run(Events.body(Events.run(), body)), 400, "INVALID_REQUEST");

        assertThat(api.stored("alice-1")).isEmpty();
    }

    @Test
    void inlineAgentNamingAnUnknownProviderIsRejectedAndNothingIsWritten() {
        String body = "{\"input\":\"hi\",\"agent\":{\"name\":\"x\",\"instructions\":\"\",\"provider\":\"nope\"}}";

        assertProblem(api.run(Events.body(Events.run(), body)), 400, "UNKNOWN_PROVIDER");

        assertThat(api.stored("alice-1")).isEmpty();
    }

    @Test
    void unknownAgentIsRejectedAndNothingIsWritten() {
        assertProblem(api.run(Events.body(Events.run(), "{\"input\":\"hi\",\"agent\":\"pirate\"}")), 400,
                "UNKNOWN_AGENT");

        assertThat(api.stored("alice-1")).isEmpty();
    }

    @Test
    void agentOfWrongTypeIsRejectedAndNothingIsWritten() {
        assertProblem(api.run(Events.body(Events.run(), "{\"input\":\"hi\",\"agent\":42}")), 400, "INVALID_REQUEST");

        assertThat(api.stored("alice-1")).isEmpty();
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static long words(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }
}
