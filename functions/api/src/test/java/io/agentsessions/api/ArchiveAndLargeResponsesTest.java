package io.agentsessions.api;

import static io.agentsessions.api.ProblemAssertions.assertJson;
import static io.agentsessions.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsessions.core.blob.Gzip;
import io.agentsessions.core.error.StoredDataUnreadableException;
import io.agentsessions.core.json.Json;
import io.agentsessions.core.model.ModelProviders;
import io.agentsessions.core.model.echo.EchoModelProvider;
import io.agentsessions.core.session.InMemorySessionStore;
import io.agentsessions.core.session.SessionRecord;
import io.agentsessions.core.session.SessionServiceConfig;
import io.agentsessions.core.session.SessionStore;
import io.agentsessions.core.session.StoredItem;
import io.agentsessions.core.testing.DelegatingStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The archive routes, the stream archiver, and answers that must fit Lambda's 6 MB response. */
class ArchiveAndLargeResponsesTest {
    private static final int HOT_LIMIT = 6;

    private static SessionServiceConfig config() {
        return new SessionServiceConfig("echo", "echo-1", 4, 0, Duration.ofSeconds(20), 40, Duration.ofSeconds(3),
                true, SessionServiceConfig.DEFAULT_MAX_ITEM_BYTES, HOT_LIMIT);
    }

    private final TestApi api = TestApi.create(ModelProviders.of(new EchoModelProvider()), config());

    private static APIGatewayV2HTTPEvent archiveEvent() {
        return Events.load("archive");
    }

    private static String bigText(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; text.length() < length; i++) {
            text.append("line ").append(i).append(" of a long pasted document\n");
        }
        return text.substring(0, length);
    }

    @Test
    void archiveRouteArchivesAllButTheWindowAndGetStillReadsEverything() {
        for (int i = 0; i < 5; i++) {
            api.say("alice-1", "assistant", "message " + i);
        }
        JsonNode archived = assertJson(Reply.of(new ArchiveSessionHandler(api.app).handleRequest(archiveEvent(), null)),
                200);

        assertThat(archived.path("archivedCount").asLong()).isEqualTo(10 - 4);
        assertThat(archived.path("messageCount").asLong()).isEqualTo(10);
        JsonNode page = api.get(Events.query(Events.get(), Map.of("limit", "100"))).json();
        assertThat(page.path("messages")).hasSize(10);
        assertThat(page.path("messages").get(0).path("item").path("content").asText()).isEqualTo("message 0");
    }

    @Test
    void archiveOfAMissingSessionIsNotFound() {
        assertProblem(Reply.of(new ArchiveSessionHandler(api.app).handleRequest(archiveEvent(), null)), 404,
                "SESSION_NOT_FOUND");
    }

    @Test
    void streamArchiverArchivesSessionsPastTheHotLimitAndIgnoresOtherRecords() {
        for (int i = 0; i < 4; i++) {
            api.say("alice-1", "assistant", "message " + i);
        }
        assertThat(api.stored("alice-1").orElseThrow().hotCount()).isGreaterThan(HOT_LIMIT);
        DynamodbEvent event = EventLoader.loadDynamoDbEvent("../../events/archive-stream.json");

        StreamsEventResponse response = new ArchiveStreamHandler(api.app).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        SessionRecord after = api.stored("alice-1").orElseThrow();
        assertThat(after.archivedCount()).isPositive();
        assertThat(after.hotCount()).isLessThanOrEqualTo(HOT_LIMIT / 2 + 4);
    }

    @Test
    void streamRecordsOfOtherItemsOrMissingSessionsAreNotFailures() {
        DynamodbEvent event = EventLoader.loadDynamoDbEvent("../../events/archive-stream.json");
        assertThat(new ArchiveStreamHandler(api.app).handleRequest(event, null).getBatchItemFailures()).isEmpty();

        var keys = event.getRecords().get(0).getDynamodb().getKeys();
        keys.put("sk", new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue("M#x#0"));
        assertThat(ArchiveStreamHandler.sessionKey(keys)).isNull();
    }

    @Test
    void aFailingArchiveIsReportedAsABatchItemFailureForRetry() {
        InMemorySessionStore memory = new InMemorySessionStore();
        SessionStore failingArchive = new DelegatingStore(memory) {
            @Override
            public Optional<SessionRecord> archive(SessionRecord expected, long beforeSeq) {
                throw new io.agentsessions.core.error.StoreUnavailableException("injected: S3 down", null);
            }
        };
        TestApi failing = TestApi.create(memory, failingArchive, ModelProviders.of(new EchoModelProvider()), config(),
                TestApi.defaultSettings());
        for (int i = 0; i < 4; i++) {
            failing.say("alice-1", "assistant", "message " + i);
        }
        DynamodbEvent event = EventLoader.loadDynamoDbEvent("../../events/archive-stream.json");

        StreamsEventResponse response = new ArchiveStreamHandler(failing.app).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(event.getRecords().get(0).getDynamodb().getSequenceNumber());
    }

    @Test
    void largeAnswersAreGzipEncodedForCallersThatAcceptIt() {
        api.say("alice-1", "assistant", bigText(200_000));
        APIGatewayV2HTTPEvent plainGet = Events.query(Events.get(), Map.of("limit", "10"));
        APIGatewayV2HTTPEvent gzipGet = Events.header(Events.query(Events.get(), Map.of("limit", "10")),
                "Accept-Encoding", "gzip, deflate");

        APIGatewayV2HTTPResponse plain = new GetSessionHandler(api.app).handleRequest(plainGet, null);
        APIGatewayV2HTTPResponse gzip = new GetSessionHandler(api.app).handleRequest(gzipGet, null);

        assertThat(plain.getIsBase64Encoded()).isFalse();
        assertThat(gzip.getIsBase64Encoded()).isTrue();
        assertThat(gzip.getHeaders()).containsEntry("content-encoding", "gzip");
        String decoded = new String(Gzip.decompress(Base64.getDecoder().decode(gzip.getBody())), StandardCharsets.UTF_8);
        assertThat(Json.readTrusted(decoded)).isEqualTo(Json.readTrusted(plain.getBody()));
        assertThat(gzip.getBody().length()).isLessThan(plain.getBody().length() / 3);
    }

    @Test
    void anItemTooLargeForAnUncompressedAnswerIsOmittedWithAReasonAndSentWithGzip() {
        String text = bigText(GetSessionHandler.PLAIN_PAGE_BYTES > 3_000_000 ? 3_500_000 : 2_500_000);
        ObjectNode body = Json.object().put("agent", "assistant");
        body.putArray("input").addObject().put("type", "message").put("role", "user").put("content", text);
        assertJson(api.run(Events.body(Events.run(), Json.write(body))), 200);

        JsonNode plain = api.get(Events.get()).json();
        JsonNode first = plain.path("messages").get(0);
        assertThat(first.path("item").isNull()).isTrue();
        assertThat(first.path("itemOmitted").path("bytes").asLong()).isGreaterThan(GetSessionHandler.PLAIN_PAGE_BYTES);
        assertThat(first.path("itemOmitted").path("reason").asText()).contains("Accept-Encoding: gzip");

        APIGatewayV2HTTPResponse gzip = new GetSessionHandler(api.app)
                .handleRequest(Events.header(Events.get(), "accept-encoding", "gzip"), null);
        JsonNode full = Json.readTrusted(new String(Gzip.decompress(Base64.getDecoder().decode(gzip.getBody())),
                StandardCharsets.UTF_8));
        assertThat(full.path("messages").get(0).path("item").path("content").asText()).isEqualTo(text);
        assertThat(gzip.getBody().length()).isLessThan(6_000_000);
    }

    @Test
    void runAnswersDoNotRepeatLargeItems() {
        String text = bigText(300_000);
        JsonNode answer = api.say("alice-1", "assistant", text);

        JsonNode input = answer.path("newItems").get(0);
        assertThat(input.path("item").isNull()).isTrue();
        assertThat(input.path("itemOmitted").path("bytes").asLong()).isGreaterThan(300_000);
        // The echo model repeats the input, so its answer is large too; finalOutput still carries the text.
        assertThat(answer.path("newItems").get(1).path("agent").asText()).isEqualTo("assistant");
        assertThat(answer.path("newItems").get(1).path("itemOmitted").path("bytes").asLong()).isGreaterThan(300_000);
        assertThat(answer.path("finalOutput").asText()).startsWith("echo: line 0 of a long pasted document");
        assertThat(api.items("alice-1").get(0).item().path("content").asText()).isEqualTo(text);
    }

    @Test
    void itemsOverTheItemLimitAreItemTooLarge() {
        TestApi small = TestApi.create(ModelProviders.of(new EchoModelProvider()),
                new SessionServiceConfig("echo", "echo-1", 4, 0, Duration.ofSeconds(20), 40, Duration.ofSeconds(3),
                        true, 1000, HOT_LIMIT));
        Reply reply = small.run(Events.body(Events.run(),
                Json.write(Json.object().put("input", "y".repeat(2000)).put("agent", "assistant"))));

        assertProblem(reply, 413, "ITEM_TOO_LARGE");
        assertThat(small.stored("alice-1")).isEmpty();
    }

    @Test
    void unreadableStoredDataIsAProblemNamingTheSession() {
        InMemorySessionStore memory = new InMemorySessionStore();
        SessionStore unreadable = new DelegatingStore(memory) {
            @Override
            public List<StoredItem> items(SessionRecord session, long from, long to, boolean asc, int limit, long max) {
                throw new StoredDataUnreadableException(session.key().sessionId(), new IllegalStateException("gone"));
            }
        };
        TestApi broken = TestApi.create(memory, unreadable, ModelProviders.of(new EchoModelProvider()), config(),
                TestApi.defaultSettings());
        broken.say("alice-1", "assistant", "hello");

        JsonNode problem = assertProblem(broken.get(Events.get()), 500, "STORED_DATA_UNREADABLE");
        assertThat(problem.path("detail").asText()).contains("alice-1").doesNotContain("gone");
        assertThat(Instant.now()).isNotNull();
    }
}
