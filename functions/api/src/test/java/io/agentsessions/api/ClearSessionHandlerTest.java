package io.agentsessions.api;

import static io.agentsessions.api.ProblemAssertions.assertJson;
import static io.agentsessions.api.ProblemAssertions.assertNoContent;
import static io.agentsessions.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsessions.core.session.SessionKey;
import org.junit.jupiter.api.Test;

/** {@code DELETE /sessions/{sessionId}/messages}. */
class ClearSessionHandlerTest {
    private final TestApi api = TestApi.create();

    @Test
    void clearEmptiesTheHistoryAndKeepsContextDataAndSettings() {
        // given: a session with state and two turns
        api.run(Events.run());
        api.say("alice-1", "assistant", "What is my name?");
        JsonNode state = assertJson(api.update(Events.update()), 200);

        // when: the sample event, unchanged
        assertNoContent(api.clear(Events.clear()));

        // then
        JsonNode page = assertJson(api.get(Events.get()), 200);
        assertThat(page.path("messageCount").asLong()).isZero();
        assertThat(page.path("messages")).isEmpty();
        assertThat(page.path("nextCursor").isNull()).isTrue();
        assertThat(page.path("context")).isEqualTo(state.path("context"));
        assertThat(page.path("data")).isEqualTo(state.path("data"));
        assertThat(page.path("settings")).isEqualTo(state.path("settings"));
        assertThat(api.store.storedItemCount(new SessionKey(TestApi.LOCAL_OWNER, "alice-1")))
                .as("old items purged").isZero();
    }

    @Test
    void runAfterClearDoesNotShowTheModelTheClearedHistory() {
        api.run(Events.run());
        assertNoContent(api.clear(Events.clear()));

        JsonNode reply = api.say("alice-1", "assistant", "What is my name?");

        assertThat(reply.path("finalOutput").asText()).endsWith("[saw 1 items: user \"What is my name?\"]");
        assertThat(reply.path("newItems").get(0).path("seq").asLong()).isZero();
    }

    @Test
    void cursorIssuedBeforeAClearYieldsNoMessages() {
        api.run(Events.run());
        api.say("alice-1", "assistant", "again");
        String cursor = assertJson(api.get(Events.query(Events.get(), java.util.Map.of("limit", "1"))), 200)
                .path("nextCursor").asText();
        assertNoContent(api.clear(Events.clear()));
        api.say("alice-1", "assistant", "after clear");

        JsonNode page = assertJson(api.get(Events.query(Events.get(), java.util.Map.of("limit", "1", "cursor", cursor))), 200);

        assertThat(page.path("messages")).isEmpty();
        assertThat(page.path("nextCursor").isNull()).isTrue();
    }

    @Test
    void clearOfAMissingSessionIsSessionNotFoundAndCreatesNothing() {
        assertProblem(api.clear(Events.clear()), 404, "SESSION_NOT_FOUND");

        assertThat(api.stored("alice-1")).isEmpty();
    }

    @Test
    void clearWithAnInvalidSessionIdIsInvalidSessionId() {
        assertProblem(api.clear(Events.sessionId(Events.clear(), "bad id!")), 400, "INVALID_SESSION_ID");
    }
}
