package io.agentsessions.api;

import static io.agentsessions.api.ProblemAssertions.assertJson;
import static io.agentsessions.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentsessions.core.session.InputItems;
import org.junit.jupiter.api.Test;

/** Bad run requests are answered 400 with a stable code, and nothing is written. */
class RunRequestValidationTest {
    private final TestApi api = TestApi.create();

    /** Runs the sample event with this body and checks the problem and that alice-1 was not created. */
    private void assertRejected(String body, String code) {
        assertProblem(api.run(Events.body(Events.run(), body)), 400, code);
        assertThat(api.stored("alice-1")).as("session after rejected body %s", body).isEmpty();
    }

    @Test
    void malformedJsonIsInvalidJson() {
        assertRejected("{\"input\": \"hi\"", "INVALID_JSON");
        assertRejected("{input: hi}", "INVALID_JSON");
    }

    @Test
    void jsonFollowedByMoreTextIsInvalidJson() {
        assertRejected("{\"input\":\"hi\"} trailing", "INVALID_JSON");
        assertRejected("{\"input\":\"hi\"}{\"input\":\"again\"}", "INVALID_JSON");
    }

    @Test
    void jsonNestedDeeperThanTheParserAllowsIsInvalidJson() {
        assertRejected("{\"input\":" + "[".repeat(1000) + "]".repeat(1000) + "}", "INVALID_JSON");
    }

    @Test
    void numberLongerThanTheParserAllowsIsInvalidJson() {
        assertRejected("{\"input\":\"hi\",\"n\":" + "9".repeat(5000) + "}", "INVALID_JSON");
    }

    @Test
    void bodyThatIsNotAJsonObjectIsInvalidRequest() {
        assertRejected("[\"hi\"]", "INVALID_REQUEST");
        assertRejected("\"hi\"", "INVALID_REQUEST");
        assertRejected("42", "INVALID_REQUEST");
    }

    @Test
    void missingBodyIsInvalidRequest() {
        assertRejected(null, "INVALID_REQUEST");
        assertRejected("", "INVALID_REQUEST");
    }

    @Test
    void missingInputIsInvalidRequest() {
        assertRejected("{\"agent\":\"assistant\"}", "INVALID_REQUEST");
        assertRejected("{\"input\":null}", "INVALID_REQUEST");
    }

    @Test
    void emptyStringInputIsInvalidRequest() {
        assertRejected("{\"input\":\"\"}", "INVALID_REQUEST");
        assertRejected("{\"input\":\"   \"}", "INVALID_REQUEST");
    }

    @Test
    void emptyInputListIsInvalidRequest() {
        assertRejected("{\"input\":[]}", "INVALID_REQUEST");
    }

    @Test
    void inputOfWrongTypeIsInvalidRequest() {
        assertRejected("{\"input\":42}", "INVALID_REQUEST");
        assertRejected("{\"input\":true}", "INVALID_REQUEST");
        assertRejected("{\"input\":{\"role\":\"user\",\"content\":\"hi\"}}", "INVALID_REQUEST");
        assertRejected("{\"input\":[\"hi\"]}", "INVALID_REQUEST");
    }

    @Test
    void messageItemWithoutRoleIsInvalidRequest() {
        assertRejected("{\"input\":[{\"type\":\"message\",\"content\":\"hi\"}]}", "INVALID_REQUEST");
    }

    @Test
    void itemWithNeitherTypeNorRoleIsInvalidRequest() {
        assertRejected("{\"input\":[{\"content\":\"hi\"}]}", "INVALID_REQUEST");
    }

    @Test
    void messageItemWithUnknownRoleOrEmptyContentIsInvalidRequest() {
        assertRejected("{\"input\":[{\"type\":\"message\",\"role\":\"wizard\",\"content\":\"hi\"}]}", "INVALID_REQUEST");
        assertRejected("{\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":\"\"}]}", "INVALID_REQUEST");
        assertRejected("{\"input\":[{\"type\":\"message\",\"role\":\"user\"}]}", "INVALID_REQUEST");
    }

    @Test
    void moreInputItemsThanTheLimitIsInvalidRequest() {
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i <= InputItems.MAX_INPUT_ITEMS; i++) {
            items.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"content\":\"m").append(i).append("\"}");
        }
        assertRejected("{\"input\":" + items.append(']') + "}", "INVALID_REQUEST");
    }

    @Test
    void sessionIdWithForbiddenCharactersIsInvalidSessionId() {
        assertProblem(api.run(Events.sessionId(Events.run(), "bad id!")), 400, "INVALID_SESSION_ID");
        assertProblem(api.run(Events.sessionId(Events.run(), "a/b")), 400, "INVALID_SESSION_ID");
        assertProblem(api.run(Events.sessionId(Events.run(), "")), 400, "INVALID_SESSION_ID");
    }

    @Test
    void sessionIdOf129CharactersIsInvalidSessionIdWhile128AreAccepted() {
        String longest = "s".repeat(128);

        assertProblem(api.run(Events.sessionId(Events.run(), longest + "s")), 400, "INVALID_SESSION_ID");
        assertThat(api.stored(longest)).isEmpty();

        assertJson(api.run(Events.sessionId(Events.run(), longest)), 200);
        assertThat(api.stored(longest)).isPresent();
    }

    @Test
    void sessionIdUsingEveryAllowedCharacterClassIsAccepted() {
        assertJson(api.run(Events.sessionId(Events.run(), "Az09._:-")), 200);
        assertThat(api.stored("Az09._:-")).isPresent();
    }
}
