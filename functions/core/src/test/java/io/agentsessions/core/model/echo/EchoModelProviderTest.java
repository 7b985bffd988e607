package io.agentsessions.core.model.echo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsessions.core.json.Json;
import io.agentsessions.core.model.Items;
import io.agentsessions.core.model.ModelRequest;
import io.agentsessions.core.model.ModelResponse;
import io.agentsessions.core.model.Usage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EchoModelProviderTest {
    private final EchoModelProvider echo = new EchoModelProvider();

    private static ModelRequest request(String instructions, ObjectNode... input) {
        return new ModelRequest("any", instructions, List.of(input), null, null, Duration.ofSeconds(1));
    }

    @Test
    void isNamedEcho() {
        assertThat(echo.name()).isEqualTo("echo");
    }

    @Test
    void repliesWithLastUserTextAndEveryItemItSaw() {
        ModelResponse response = echo.respond(request("",
                Items.userText("first question"),
                Items.assistantText("first answer"),
                Items.userText("second question")));

        assertThat(response.output()).hasSize(1);
        assertThat(response.output().get(0).path("role").asText()).isEqualTo("assistant");
        assertThat(response.finalOutput()).isEqualTo("echo: second question\n"
                + "[saw 3 items: user \"first question\" | assistant \"first answer\" | user \"second question\"]");
    }

    @Test
    void prefixesTheListWithTheInstructionsSnippet() {
        ModelResponse response = echo.respond(request("Be brief.\nAlways.", Items.userText("hi")));

        assertThat(response.finalOutput()).isEqualTo("echo: hi\ninstructions \"Be brief.\"; [saw 1 items: user \"hi\"]");
    }

    @Test
    void snippetsAreTheFirstLineCutAtSixtyCodePoints() {
        String sixty = "a".repeat(60);
        String longer = "😀".repeat(61);
        ModelResponse response = echo.respond(request("",
                Items.userText(sixty),
                Items.userText(longer + "\nsecond line")));

        assertThat(response.finalOutput()).isEqualTo("echo: " + longer + "\nsecond line\n"
                + "[saw 2 items: user \"" + sixty + "\" | user \"" + "😀".repeat(60) + "…\"]");
    }

    @Test
    void labelsNonMessageItemsByType() {
        ObjectNode call = Json.object().put("type", "function_call").put("call_id", "c1")
                .put("name", "lookup").put("arguments", "{}");
        ObjectNode output = Json.object().put("type", "function_call_output").put("call_id", "c1")
                .put("output", "42");
        ObjectNode developer = Json.object().put("type", "message").put("role", "developer").put("content", "rules");

        ModelResponse response = echo.respond(request("", developer, Items.userText("q"), call, output));

        assertThat(response.finalOutput()).isEqualTo("echo: q\n[saw 4 items: developer \"rules\" | user \"q\" | "
                + "function_call \"\" | function_call_output \"\"]");
    }

    @Test
    void withoutUserMessageTheEchoIsEmpty() {
        ModelResponse response = echo.respond(request("", Items.assistantText("alone")));

        assertThat(response.finalOutput()).isEqualTo("echo: \n[saw 1 items: assistant \"alone\"]");
    }

    @Test
    void usageCountsWords() {
        // given: 3 instruction words, 2 + 3 item words
        ModelResponse response = echo.respond(request("you are  helpful",
                Items.userText("hello there"), Items.assistantText("general\tkenobi !")));

        // then
        String reply = response.finalOutput();
        assertThat(reply).isEqualTo("echo: hello there\ninstructions \"you are  helpful\"; "
                + "[saw 2 items: user \"hello there\" | assistant \"general\tkenobi !\"]");
        long replyWords = reply.trim().split("\\s+").length;
        assertThat(response.usage()).isEqualTo(new Usage(8, replyWords, 8 + replyWords));
    }

    @Test
    void isDeterministic() {
        ModelRequest request = request("sys", Items.userText("same"));

        assertThat(echo.respond(request)).isEqualTo(echo.respond(request));
    }
}
