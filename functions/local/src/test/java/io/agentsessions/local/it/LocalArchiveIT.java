package io.agentsessions.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsessions.core.json.Json;
import io.agentsessions.local.LocalRuntime;
import io.agentsessions.local.emulator.EmulatorSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 3 as a user meets it, over HTTP on the local runtime: a 5 MB item goes in and comes back
 * byte for byte (gzip-encoded, as it must to fit Lambda's 6 MB response), and a session past the
 * hot limit is archived in the background by the stream archiver (DynamoDB Local's real stream
 * feeding the same handler Lambda runs), without the caller doing anything.
 */
class LocalArchiveIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static LocalRuntime runtime;
    private static URI api;

    @BeforeAll
    static void start() throws IOException {
        Path data = Files.createTempDirectory(Path.of("target"), "local-archive-it");
        runtime = LocalRuntime.start(EmulatorSettings.persistent(data), 0, Map.of(
                "DEFAULT_MODEL_PROVIDER", "echo",
                "DEFAULT_MAX_HISTORY", "4",
                "ARCHIVE_HOT_LIMIT", "10",
                "ARCHIVE_CHUNK_ITEMS", "4",
                // No purging inside requests: everything a clear drops is removed by the stream's purger.
                "PURGE_BUDGET_MS", "0"));
        api = runtime.apiUri();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static HttpResponse<byte[]> send(String method, String path, String body, boolean gzip) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(60));
        if (gzip) {
            request.header("accept-encoding", "gzip");
        }
        request.header("content-type", "application/json").method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode json(HttpResponse<byte[]> response) throws IOException {
        byte[] body = response.body();
        if ("gzip".equals(response.headers().firstValue("content-encoding").orElse(""))) {
            try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
                body = in.readAllBytes();
            }
        }
        return Json.mapper().readTree(body);
    }

    @Test
    void aFiveMegabyteItemRoundTripsOverHttp() throws Exception {
        byte[] raw = new byte[3_800_000];
        new Random(42).nextBytes(raw);
        String image = "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(raw);
        String item = "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"what is this?\"},"
                + "{\"type\":\"input_image\",\"image_url\":\"" + image + "\"}]}";
        assertThat(item.length()).isGreaterThan(5_000_000);

        var run = send("POST", "/sessions/big-1/runs", "{\"input\":[" + item + "]}", false);
        assertThat(run.statusCode()).isEqualTo(200);
        var plain = json(send("GET", "/sessions/big-1?limit=1", null, false));
        var gzip = send("GET", "/sessions/big-1?limit=1", null, true);

        assertThat(plain.path("messages").get(0).path("itemOmitted").path("bytes").asLong()).isEqualTo(item.length());
        assertThat(gzip.headers().firstValue("content-encoding")).contains("gzip");
        // Lambda carries the gzip bytes base64-encoded: that must stay under its 6 MB response limit.
        assertThat((gzip.body().length + 2) / 3 * 4L).isLessThan(6_000_000L);
        JsonNode stored = json(gzip).path("messages").get(0).path("item");
        assertThat(Json.write(stored)).isEqualTo(Json.write(Json.mapper().readTree(item)));
    }

    @Test
    void whatAClearDropsIsPurgedInTheBackgroundFromDynamoDbAndS3() throws Exception {
        String big = "{\"input\":\"" + "q".repeat(100_000) + "\"}";
        assertThat(send("POST", "/sessions/purge-1/runs", big, false).statusCode()).isEqualTo(200);
        for (int i = 0; i < 6; i++) {
            send("POST", "/sessions/purge-1/runs", "{\"input\":\"message " + i + "\"}", false);
        }
        var s3 = runtime.emulators().s3();
        String prefix = new io.agentsessions.core.blob.BlobLayout("sessions/")
                .session(new io.agentsessions.core.session.SessionKey("local", "purge-1"));
        java.util.function.IntSupplier objects = () -> s3.listObjectsV2(r -> r.bucket(LocalRuntime.BUCKET)
                .prefix(prefix)).keyCount();
        java.util.function.IntSupplier rows = () -> runtime.dynamoDb().query(r -> r.tableName(LocalRuntime.TABLE)
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("S#local#purge-1")))).count();
        assertThat(objects.getAsInt()).isPositive();

        assertThat(send("DELETE", "/sessions/purge-1/messages", null, false).statusCode()).isEqualTo(204);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && (objects.getAsInt() > 0 || rows.getAsInt() > 1)) {
            Thread.sleep(200);
        }
        assertThat(objects.getAsInt()).as("S3 objects of the dropped history").isZero();
        assertThat(rows.getAsInt()).as("only the session record is left").isEqualTo(1);
        assertThat(json(send("GET", "/sessions/purge-1", null, false)).path("messageCount").asLong()).isZero();
    }

    @Test
    void aSessionPastTheHotLimitIsArchivedInTheBackgroundAndStillReadsInOrder() throws Exception {
        for (int i = 0; i < 8; i++) {
            assertThat(send("POST", "/sessions/long-1/runs", "{\"input\":\"message " + i + "\"}", false).statusCode())
                    .isEqualTo(200);
        }
        JsonNode session = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            session = json(send("GET", "/sessions/long-1?limit=100", null, false));
            long archived = session.path("archivedCount").asLong();
            if (archived > 0 && session.path("messageCount").asLong() - archived <= 10) {
                break; // the archiver works chunk by chunk: wait until it has finished
            }
            Thread.sleep(200);
        }
        assertThat(session.path("archivedCount").asLong()).as("archived by the stream archiver").isPositive();
        assertThat(session.path("messageCount").asLong() - session.path("archivedCount").asLong())
                .isLessThanOrEqualTo(10);
        JsonNode messages = session.path("messages");
        assertThat(messages).hasSize(16);
        for (int i = 0; i < 16; i++) {
            assertThat(messages.get(i).path("seq").asLong()).isEqualTo(i);
        }
        assertThat(messages.get(0).path("item").path("content").asText()).isEqualTo("message 0");
    }
}
