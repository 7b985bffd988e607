package io.agentsessions.api;

import static io.agentsessions.api.ProblemAssertions.assertJson;
import static io.agentsessions.api.ProblemAssertions.assertNoContent;
import static io.agentsessions.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentsessions.core.session.SessionKey;
import org.junit.jupiter.api.Test;

/** {@code DELETE /sessions/{sessionId}}. */
class DeleteSessionHandlerTest {
    private final TestApi api = TestApi.create();

    @Test
    void deleteAnswers204AndTheSessionIsGone() {
        api.run(Events.run());
        assertJson(api.update(Events.update()), 200);

        // when: the sample event, unchanged
        assertNoContent(api.delete(Events.delete()));

        // then
        assertProblem(api.get(Events.get()), 404, "SESSION_NOT_FOUND");
        assertThat(api.stored("alice-1")).isEmpty();
        assertThat(api.store.storedItemCount(new SessionKey(TestApi.LOCAL_OWNER, "alice-1"))).isZero();
    }

    @Test
    void deleteOfAMissingSessionIsSessionNotFound() {
        assertProblem(api.delete(Events.delete()), 404, "SESSION_NOT_FOUND");

        assertThat(api.stored("alice-1")).isEmpty();
    }

    @Test
    void secondDeleteIsSessionNotFound() {
        api.run(Events.run());
        assertNoContent(api.delete(Events.delete()));

        assertProblem(api.delete(Events.delete()), 404, "SESSION_NOT_FOUND");
    }

    @Test
    void runAfterDeleteStartsAFreshSession() {
        api.run(Events.run());
        assertJson(api.update(Events.update()), 200);
        assertNoContent(api.delete(Events.delete()));

        var reply = api.say("alice-1", "assistant", "What is my name?");

        assertThat(reply.path("finalOutput").asText()).endsWith("[saw 1 items: user \"What is my name?\"]");
        assertThat(reply.path("messageCount").asLong()).isEqualTo(2);
        var page = assertJson(api.get(Events.get()), 200);
        assertThat(page.path("context").isEmpty()).as("state of the deleted session is gone").isTrue();
        assertThat(page.path("settings").path("maxHistory").isNull()).isTrue();
    }

    @Test
    void deleteWithAnInvalidSessionIdIsInvalidSessionId() {
        assertProblem(api.delete(Events.sessionId(Events.delete(), "x".repeat(129))), 400, "INVALID_SESSION_ID");
    }
}
