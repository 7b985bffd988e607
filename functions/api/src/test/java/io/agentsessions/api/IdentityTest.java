package io.agentsessions.api;

import static io.agentsessions.api.ProblemAssertions.assertJson;
import static io.agentsessions.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsessions.core.session.SessionKey;
import io.agentsessions.core.session.SessionRecord;
import org.junit.jupiter.api.Test;

/** The caller's identity (the JWT authorizer's subject) owns the session. */
class IdentityTest {
    private static final String QUESTION = "{\"input\":\"What is my name?\",\"agent\":\"assistant\"}";

    private final TestApi api = TestApi.create();

    @Test
    void jwtSubjectOwnsTheSessionItCreates() {
        // when: the sample JWT event, unchanged (sub user-123)
        assertJson(api.run(Events.runJwt()), 200);

        // then
        assertThat(api.store.load(new SessionKey(TestApi.JWT_OWNER, "alice-1"))).isPresent();
        assertThat(api.stored("alice-1")).as("not under the no-authorizer owner").isEmpty();
        assertJson(api.get(Events.asJwtUser(Events.get(), "user-123")), 200);
    }

    @Test
    void sessionOfOneSubjectIsNotFoundForAnotherSubject() {
        assertJson(api.run(Events.runJwt()), 200);
        SessionRecord before = api.store.load(new SessionKey(TestApi.JWT_OWNER, "alice-1")).orElseThrow();

        assertProblem(api.get(Events.asJwtUser(Events.get(), "user-456")), 404, "SESSION_NOT_FOUND");
        assertProblem(api.update(Events.asJwtUser(Events.update(), "user-456")), 404, "SESSION_NOT_FOUND");
        assertProblem(api.clear(Events.asJwtUser(Events.clear(), "user-456")), 404, "SESSION_NOT_FOUND");
        assertProblem(api.delete(Events.asJwtUser(Events.delete(), "user-456")), 404, "SESSION_NOT_FOUND");

        assertThat(api.store.load(new SessionKey(TestApi.JWT_OWNER, "alice-1"))).contains(before);
    }

    @Test
    void sessionOfAJwtSubjectIsNotFoundWithoutAnAuthorizer() {
        assertJson(api.run(Events.runJwt()), 200);

        assertProblem(api.get(Events.get()), 404, "SESSION_NOT_FOUND");
        assertProblem(api.delete(Events.delete()), 404, "SESSION_NOT_FOUND");

        assertThat(api.store.load(new SessionKey(TestApi.JWT_OWNER, "alice-1"))).isPresent();
    }

    @Test
    void sameSessionIdUnderTwoOwnersHoldsTwoSeparateHistories() {
        // given: user-123 and user-456 both use session id alice-1
        assertJson(api.run(Events.runJwt()), 200);
        assertJson(api.run(Events.body(Events.jwtSubject(Events.runJwt(), "user-456"),
                "{\"input\":\"My name is Bob\",\"agent\":\"assistant\"}")), 200);

        // when: each asks for their name
        JsonNode alice = assertJson(api.run(Events.body(Events.runJwt(), QUESTION)), 200);
        JsonNode bob = assertJson(api.run(Events.body(Events.jwtSubject(Events.runJwt(), "user-456"), QUESTION)), 200);

        // then: each model saw only its owner's history
        assertThat(alice.path("finalOutput").asText())
                .contains("[saw 3 items: user \"My name is Alice\" | assistant \"echo: My name is Alice\"")
                .doesNotContain("Bob");
        assertThat(bob.path("finalOutput").asText())
                .contains("[saw 3 items: user \"My name is Bob\" | assistant \"echo: My name is Bob\"")
                .doesNotContain("Alice");
        assertThat(api.store.currentItems(new SessionKey(TestApi.JWT_OWNER, "alice-1"))).hasSize(4);
        assertThat(api.store.currentItems(new SessionKey("jwt:https://auth.example.com/|user-456", "alice-1"))).hasSize(4);
    }

    @Test
    void deleteByOneOwnerLeavesTheOtherOwnersSession() {
        assertJson(api.run(Events.runJwt()), 200);
        assertJson(api.run(Events.run()), 200);

        ProblemAssertions.assertNoContent(api.delete(Events.delete()));

        assertThat(api.stored("alice-1")).isEmpty();
        assertJson(api.get(Events.asJwtUser(Events.get(), "user-123")), 200);
    }
}
