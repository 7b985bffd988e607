package io.agentsessions.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks of the API's RFC 9457 problem answers. */
final class ProblemAssertions {
    private ProblemAssertions() {
    }

    /** The reply is an {@code application/problem+json} document with this status and stable code. */
    static JsonNode assertProblem(Reply reply, int status, String code) {
        assertThat(reply.status()).as("status of %s", reply).isEqualTo(status);
        assertThat(reply.header("content-type")).as("content-type of %s", reply).isEqualTo("application/problem+json");
        JsonNode body = reply.json();
        assertThat(body.path("code").asText()).as("code of %s", reply).isEqualTo(code);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("type").asText()).isNotBlank();
        assertThat(body.path("title").asText()).isNotBlank();
        assertThat(body.path("detail").asText()).isNotBlank();
        return body;
    }

    /** A successful JSON answer. */
    static JsonNode assertJson(Reply reply, int status) {
        assertThat(reply.status()).as("status of %s", reply).isEqualTo(status);
        assertThat(reply.header("content-type")).as("content-type of %s", reply).isEqualTo("application/json");
        return reply.json();
    }

    /** A 204 answer without a body. */
    static void assertNoContent(Reply reply) {
        assertThat(reply.status()).as("status of %s", reply).isEqualTo(204);
        assertThat(reply.body()).isNullOrEmpty();
    }
}
