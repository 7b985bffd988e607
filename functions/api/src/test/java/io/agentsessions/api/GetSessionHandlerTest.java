package io.agentsessions.api;

import static io.agentsessions.api.ProblemAssertions.assertJson;
import static io.agentsessions.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsessions.core.json.Json;
import io.agentsessions.core.session.SessionRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /sessions/{sessionId}?limit=&order=&cursor=}. */
class GetSessionHandlerTest {
    private final TestApi api = TestApi.create();

    /** Three turns on alice-1: six messages, seq 0..5. */
    @BeforeEach
    void sixMessages() {
        api.run(Events.run());
        api.say("alice-1", "assistant", "I live in Berlin");
        api.say("alice-1", "assistant", "What is my name?");
    }

    private Reply get(Map<String, String> query) {
        return api.get(Events.query(Events.get(), query));
    }

    private static Map<String, String> query(String... pairs) {
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            query.put(pairs[i], pairs[i + 1]);
        }
        return query;
    }

    private static List<Long> seqs(JsonNode page) {
        return page.path("messages").findValues("seq").stream().map(JsonNode::asLong).toList();
    }

    @Test
    void getAnswersWithTheDocumentedShape() {
        // when: the sample event, unchanged (limit=20, order=asc)
        JsonNode page = assertJson(api.get(Events.get()), 200);

        assertThat(RunHandlerTest.fieldNames(page)).containsExactly("sessionId", "createdAt", "updatedAt", "expiresAt",
                "context", "data", "settings", "messageCount", "archivedCount", "messages", "nextCursor");
        assertThat(page.path("sessionId").asText()).isEqualTo("alice-1");
        assertThat(Instant.parse(page.path("createdAt").asText()))
                .isBeforeOrEqualTo(Instant.parse(page.path("updatedAt").asText()));
        assertThat(page.path("expiresAt").isNull()).as("no TTL by default").isTrue();
        assertThat(page.path("context")).isEqualTo(Json.object());
        assertThat(page.path("data")).isEqualTo(Json.object());
        assertThat(page.path("settings")).isEqualTo(Json.readTrusted("{\"maxHistory\":null,\"ttlSeconds\":null}"));
        assertThat(page.path("messageCount").asLong()).isEqualTo(6);
        assertThat(seqs(page)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(page.path("messages").get(0).path("item").path("content").asText()).isEqualTo("My name is Alice");
        assertThat(page.path("messages").get(0).has("agent")).isFalse();
        assertThat(page.path("messages").get(1).path("agent").asText()).isEqualTo("assistant");
        assertThat(page.path("nextCursor").isNull()).isTrue();
    }

    @Test
    void getWithoutQueryReturnsTheFirstPageOldestFirst() {
        JsonNode page = assertJson(get(Map.of()), 200);

        assertThat(seqs(page)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void ascendingPagesFollowNextCursorToTheEnd() {
        JsonNode first = assertJson(get(query("limit", "4", "order", "asc")), 200);
        assertThat(seqs(first)).containsExactly(0L, 1L, 2L, 3L);
        assertThat(first.path("nextCursor").asText()).isNotBlank();

        JsonNode second = assertJson(get(query("limit", "4", "order", "asc", "cursor", first.path("nextCursor").asText())), 200);
        assertThat(seqs(second)).containsExactly(4L, 5L);
        assertThat(second.path("nextCursor").isNull()).isTrue();
    }

    @Test
    void descendingPagesFollowNextCursorToTheStart() {
        JsonNode first = assertJson(get(query("limit", "4", "order", "desc")), 200);
        assertThat(seqs(first)).containsExactly(5L, 4L, 3L, 2L);
        assertThat(first.path("nextCursor").asText()).isNotBlank();

        JsonNode second = assertJson(get(query("limit", "4", "order", "desc", "cursor", first.path("nextCursor").asText())), 200);
        assertThat(seqs(second)).containsExactly(1L, 0L);
        assertThat(second.path("nextCursor").isNull()).isTrue();
    }

    @Test
    void lastFullPageHasNoNextCursor() {
        JsonNode first = assertJson(get(query("limit", "3")), 200);
        JsonNode second = assertJson(get(query("limit", "3", "cursor", first.path("nextCursor").asText())), 200);

        assertThat(seqs(second)).containsExactly(3L, 4L, 5L);
        assertThat(second.path("nextCursor").isNull()).isTrue();

        JsonNode newestThree = assertJson(get(query("limit", "3", "order", "desc")), 200);
        JsonNode oldestThree = assertJson(get(query("limit", "3", "order", "desc",
                "cursor", newestThree.path("nextCursor").asText())), 200);
        assertThat(seqs(oldestThree)).containsExactly(2L, 1L, 0L);
        assertThat(oldestThree.path("nextCursor").isNull()).isTrue();
    }

    @Test
    void cursorThatThisApiDidNotIssueIsInvalidCursor() {
        SessionRecord before = api.stored("alice-1").orElseThrow();

        assertProblem(get(query("cursor", "not-a-cursor")), 400, "INVALID_CURSOR");
        assertProblem(get(query("cursor", "%%%")), 400, "INVALID_CURSOR");

        assertThat(api.stored("alice-1")).contains(before);
    }

    @Test
    void cursorOfTheOtherOrderIsInvalidCursor() {
        String ascending = assertJson(get(query("limit", "2")), 200).path("nextCursor").asText();

        assertProblem(get(query("limit", "2", "order", "desc", "cursor", ascending)), 400, "INVALID_CURSOR");
    }

    @Test
    void limitOutsideOneToHundredIsInvalidRequest() {
        SessionRecord before = api.stored("alice-1").orElseThrow();

        assertProblem(get(query("limit", "0")), 400, "INVALID_REQUEST");
        assertProblem(get(query("limit", "101")), 400, "INVALID_REQUEST");
        assertProblem(get(query("limit", "-1")), 400, "INVALID_REQUEST");
        assertProblem(get(query("limit", "ten")), 400, "INVALID_REQUEST");
        assertProblem(get(query("limit", "99999999999")), 400, "INVALID_REQUEST");

        assertThat(api.stored("alice-1")).contains(before);
        assertJson(get(query("limit", "1")), 200);
        assertJson(get(query("limit", "100")), 200);
    }

    @Test
    void orderOtherThanAscOrDescIsInvalidRequest() {
        assertProblem(get(query("order", "sideways")), 400, "INVALID_REQUEST");
        assertProblem(get(query("order", "ASC")), 400, "INVALID_REQUEST");
    }

    @Test
    void getOfAMissingSessionIsSessionNotFound() {
        assertProblem(api.get(Events.sessionId(Events.get(), "nobody-1")), 404, "SESSION_NOT_FOUND");

        assertThat(api.stored("nobody-1")).isEmpty();
    }

    @Test
    void getWithAnInvalidSessionIdIsInvalidSessionId() {
        assertProblem(api.get(Events.sessionId(Events.get(), "bad id!")), 400, "INVALID_SESSION_ID");
    }
}
