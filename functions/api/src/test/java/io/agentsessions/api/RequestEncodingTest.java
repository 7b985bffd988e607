package io.agentsessions.api;

import static io.agentsessions.api.ProblemAssertions.assertJson;
import static io.agentsessions.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Transport rules shared by every handler with a body: size limit, media type, base64, header case. */
class RequestEncodingTest {
    private static final int LIMIT = 1024;

    /** A run body of exactly {@code bytes} bytes of UTF-8. */
    private static String bodyOfSize(int bytes) {
        String frame = "{\"input\":\"\"}";
        return "{\"input\":\"" + "a".repeat(bytes - frame.length()) + "\"}";
    }

    @Test
    void bodyOverTheLimitIsPayloadTooLargeAndNothingIsWritten() {
        TestApi api = TestApi.withMaxBodyBytes(LIMIT);
        String body = bodyOfSize(LIMIT + 1);
        assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(LIMIT + 1);

        assertProblem(api.run(Events.body(Events.run(), body)), 413, "PAYLOAD_TOO_LARGE");

        assertThat(api.stored("alice-1")).isEmpty();
    }

    @Test
    void bodyOfExactlyTheLimitIsAccepted() {
        TestApi api = TestApi.withMaxBodyBytes(LIMIT);

        assertJson(api.run(Events.body(Events.run(), bodyOfSize(LIMIT))), 200);
    }

    @Test
    void limitCountsDecodedBytesOfABase64Body() {
        TestApi api = TestApi.withMaxBodyBytes(LIMIT);

        // base64 makes the 1,000-byte body 1,336 characters long: still under the limit once decoded
        assertJson(api.run(Events.base64Body(Events.run(), bodyOfSize(1000))), 200);
        assertProblem(api.run(Events.base64Body(Events.sessionId(Events.run(), "other"), bodyOfSize(LIMIT + 1))), 413,
                "PAYLOAD_TOO_LARGE");
        assertThat(api.stored("other")).isEmpty();
    }

    @Test
    void textPlainBodyIsUnsupportedMediaTypeAndNothingIsWritten() {
        TestApi api = TestApi.create();

        assertProblem(api.run(Events.header(Events.run(), "content-type", "text/plain")), 415, "UNSUPPORTED_MEDIA_TYPE");

        assertThat(api.stored("alice-1")).isEmpty();
    }

    @Test
    void textPlainBodyOnUpdateIsUnsupportedMediaType() {
        TestApi api = TestApi.create();

        assertProblem(api.update(Events.method(Events.header(Events.update(), "content-type", "text/plain"), "PUT")),
                415, "UNSUPPORTED_MEDIA_TYPE");

        assertThat(api.stored("alice-1")).isEmpty();
    }

    @Test
    void base64EncodedBodyIsDecoded() {
        TestApi api = TestApi.create();
        String body = "{\"input\":\"Ich heiße Jürgen 👋\",\"agent\":\"assistant\"}";

        var reply = assertJson(api.run(Events.base64Body(Events.run(), body)), 200);

        assertThat(reply.path("finalOutput").asText()).startsWith("echo: Ich heiße Jürgen 👋\n");
        assertThat(api.items("alice-1").get(0).item().path("content").asText()).isEqualTo("Ich heiße Jürgen 👋");
    }

    @Test
    void bodyMarkedBase64ThatIsNotIsInvalidRequest() {
        TestApi api = TestApi.create();
        var event = Events.run();
        event.setIsBase64Encoded(true); // the sample's plain JSON body is not base64

        assertProblem(api.run(event), 400, "INVALID_REQUEST");

        assertThat(api.stored("alice-1")).isEmpty();
    }

    @Test
    void headerNamesAreMatchedInAnyCase() {
        TestApi api = TestApi.create();

        // "Content-Type" as a hand-written client would send it: JSON is accepted...
        assertJson(api.run(Events.header(Events.run(), "Content-Type", "application/json; charset=utf-8")), 200);
        // ...and a non-JSON type is seen, whatever the case of the name
        assertProblem(api.run(Events.header(Events.sessionId(Events.run(), "other"), "CONTENT-TYPE", "Text/Plain")), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertThat(api.stored("other")).isEmpty();
    }

    @Test
    void bodyWithoutContentTypeIsReadAsJson() {
        TestApi api = TestApi.create();

        assertJson(api.run(Events.header(Events.run(), "content-type", null)), 200);
    }
}
