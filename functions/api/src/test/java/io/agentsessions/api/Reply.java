package io.agentsessions.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.agentsessions.core.json.Json;
import java.util.Map;

/** A handler's answer, with the body parsed on demand. */
record Reply(int status, Map<String, String> headers, String body) {

    static Reply of(APIGatewayV2HTTPResponse response) {
        return new Reply(response.getStatusCode(), response.getHeaders() == null ? Map.of() : response.getHeaders(),
                response.getBody());
    }

    /** A response header, looked up case-insensitively. */
    String header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    JsonNode json() {
        if (body == null) {
            throw new AssertionError("response " + status + " has no body");
        }
        return Json.readTrusted(body);
    }

    @Override
    public String toString() {
        return status + " " + headers + " " + body;
    }
}
