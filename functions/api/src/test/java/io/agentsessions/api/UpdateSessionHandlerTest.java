package io.agentsessions.api;

import static io.agentsessions.api.ProblemAssertions.assertJson;
import static io.agentsessions.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsessions.core.json.Json;
import io.agentsessions.core.session.SessionRecord;
import org.junit.jupiter.api.Test;

/** {@code PUT} and {@code PATCH /sessions/{sessionId}}. */
class UpdateSessionHandlerTest {
    private final TestApi api = TestApi.create();

    private Reply put(String body) {
        return api.update(Events.body(Events.method(Events.update(), "PUT"), body));
    }

    private Reply patch(String body) {
        return api.update(Events.body(Events.update(), body));
    }

    private static JsonNode json(String text) {
        return Json.readTrusted(text);
    }

    @Test
    void putCreatesTheSessionWith201() {
        // when: the sample PATCH event's body, sent as PUT to a new session
        JsonNode created = assertJson(api.update(Events.method(Events.update(), "PUT")), 201);

        assertThat(RunHandlerTest.fieldNames(created)).containsExactly("sessionId", "createdAt", "updatedAt",
                "expiresAt", "context", "data", "settings", "messageCount", "archivedCount");
        assertThat(created.path("sessionId").asText()).isEqualTo("alice-1");
        assertThat(created.path("context"))
                .isEqualTo(json("{\"user_id\":\"123\",\"preferences\":{\"language\":\"en\",\"timezone\":\"UTC\"}}"));
        assertThat(created.path("data")).isEqualTo(json("{\"last_action\":\"search\"}"));
        assertThat(created.path("settings")).isEqualTo(json("{\"maxHistory\":50,\"ttlSeconds\":null}"));
        assertThat(created.path("messageCount").asLong()).isZero();
        assertThat(api.stored("alice-1")).isPresent();
    }

    @Test
    void putOnAnExistingSessionReplacesStateWith200AndKeepsHistory() {
        assertJson(put("{\"context\":{\"a\":1},\"data\":{\"b\":2},\"maxHistory\":10,\"ttlSeconds\":3600}"), 201);
        api.run(Events.run());

        JsonNode replaced = assertJson(put("{\"data\":{\"c\":3}}"), 200);

        // fields left out are reset, the history stays
        assertThat(replaced.path("context")).isEqualTo(Json.object());
        assertThat(replaced.path("data")).isEqualTo(json("{\"c\":3}"));
        assertThat(replaced.path("settings")).isEqualTo(json("{\"maxHistory\":null,\"ttlSeconds\":null}"));
        assertThat(replaced.path("expiresAt").isNull()).isTrue();
        assertThat(replaced.path("messageCount").asLong()).isEqualTo(2);
        assertThat(api.items("alice-1")).hasSize(2);
    }

    @Test
    void putWithTtlSetsExpiresAtInWholeSecondsAfterTheUpdate() {
        JsonNode created = assertJson(put("{\"ttlSeconds\":3600}"), 201);

        // DynamoDB TTL is epoch seconds: expiry is the update's second plus the TTL.
        long updatedSecond = java.time.Instant.parse(created.path("updatedAt").asText()).getEpochSecond();
        assertThat(java.time.Instant.parse(created.path("expiresAt").asText()))
                .isEqualTo(java.time.Instant.ofEpochSecond(updatedSecond + 3600));
    }

    @Test
    void patchWithTheSampleEventSetsStateOfASessionCreatedByARun() {
        api.run(Events.run());

        JsonNode patched = assertJson(api.update(Events.update()), 200);

        assertThat(patched.path("context"))
                .isEqualTo(json("{\"user_id\":\"123\",\"preferences\":{\"language\":\"en\",\"timezone\":\"UTC\"}}"));
        assertThat(patched.path("data")).isEqualTo(json("{\"last_action\":\"search\"}"));
        assertThat(patched.path("settings").path("maxHistory").asInt()).isEqualTo(50);
        assertThat(patched.path("messageCount").asLong()).isEqualTo(2);
    }

    @Test
    void patchMergesContextAndDataAndNullRemovesAKey() {
        assertJson(put("{\"context\":{\"user_id\":\"123\",\"preferences\":{\"language\":\"de\",\"timezone\":\"CET\"},"
                + "\"plan\":\"pro\"},\"data\":{\"last_action\":\"browse\",\"draft\":\"hello\"},\"maxHistory\":30}"), 201);

        JsonNode patched = assertJson(patch("{\"context\":{\"preferences\":{\"language\":\"en\"},\"plan\":null},"
                + "\"data\":{\"draft\":null,\"cart\":[1,2]}}"), 200);

        assertThat(patched.path("context"))
                .isEqualTo(json("{\"user_id\":\"123\",\"preferences\":{\"language\":\"en\",\"timezone\":\"CET\"}}"));
        assertThat(patched.path("data")).isEqualTo(json("{\"last_action\":\"browse\",\"cart\":[1,2]}"));
        assertThat(patched.path("settings").path("maxHistory").asInt()).as("absent settings are kept").isEqualTo(30);
        assertThat(api.stored("alice-1").orElseThrow().context()).isEqualTo(patched.path("context"));
    }

    @Test
    void patchWithNullMaxHistoryResetsItToTheDeploymentDefault() {
        assertJson(put("{\"maxHistory\":30,\"ttlSeconds\":60}"), 201);

        JsonNode patched = assertJson(patch("{\"maxHistory\":null}"), 200);

        assertThat(patched.path("settings")).isEqualTo(json("{\"maxHistory\":null,\"ttlSeconds\":60}"));
    }

    @Test
    void patchOfAMissingSessionIsSessionNotFoundAndCreatesNothing() {
        assertProblem(api.update(Events.update()), 404, "SESSION_NOT_FOUND");

        assertThat(api.stored("alice-1")).isEmpty();
    }

    @Test
    void unknownFieldIsInvalidRequestAndNothingIsWritten() {
        assertProblem(put("{\"context\":{},\"colour\":\"blue\"}"), 400, "INVALID_REQUEST");
        assertThat(api.stored("alice-1")).isEmpty();

        assertJson(put("{}"), 201);
        SessionRecord before = api.stored("alice-1").orElseThrow();
        assertProblem(patch("{\"messages\":[]}"), 400, "INVALID_REQUEST");
        assertThat(api.stored("alice-1")).contains(before);
    }

    @Test
    void contextOrDataThatIsNotAnObjectIsInvalidRequestAndNothingIsWritten() {
        assertProblem(put("{\"context\":\"en\"}"), 400, "INVALID_REQUEST");
        assertProblem(put("{\"context\":[1]}"), 400, "INVALID_REQUEST");
        assertProblem(put("{\"data\":42}"), 400, "INVALID_REQUEST");
        assertThat(api.stored("alice-1")).isEmpty();

        assertJson(put("{\"context\":{\"a\":1}}"), 201);
        SessionRecord before = api.stored("alice-1").orElseThrow();
        assertProblem(patch("{\"context\":\"en\"}"), 400, "INVALID_REQUEST");
        assertThat(api.stored("alice-1")).contains(before);
    }

    @Test
    void maxHistoryZeroIsInvalidRequestAndNothingIsWritten() {
        assertProblem(put("{\"maxHistory\":0}"), 400, "INVALID_REQUEST");
        assertThat(api.stored("alice-1")).isEmpty();

        assertJson(put("{\"maxHistory\":5}"), 201);
        SessionRecord before = api.stored("alice-1").orElseThrow();
        assertProblem(patch("{\"maxHistory\":0}"), 400, "INVALID_REQUEST");
        assertThat(api.stored("alice-1")).contains(before);
    }

    @Test
    void settingsOfWrongTypeOrRangeAreInvalidRequest() {
        assertProblem(put("{\"maxHistory\":\"ten\"}"), 400, "INVALID_REQUEST");
        assertProblem(put("{\"maxHistory\":1.5}"), 400, "INVALID_REQUEST");
        assertProblem(put("{\"maxHistory\":99999999999}"), 400, "INVALID_REQUEST");
        assertProblem(put("{\"ttlSeconds\":-1}"), 400, "INVALID_REQUEST");
        assertThat(api.stored("alice-1")).isEmpty();
    }

    @Test
    void malformedJsonOnUpdateIsInvalidJson() {
        assertProblem(put("{\"context\":"), 400, "INVALID_JSON");
        assertThat(api.stored("alice-1")).isEmpty();
    }
}
