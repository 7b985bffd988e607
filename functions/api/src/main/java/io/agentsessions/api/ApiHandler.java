package io.agentsessions.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.agentsessions.core.json.Json;
import java.time.Instant;
import java.util.Map;

/**
 * Shared shell of every handler: parse the event, run one core operation, and map the result or
 * the exception to an HTTP answer. Subclasses hold no business logic.
 */
abstract class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    /** Used when there is no Lambda context (local server, tests): just under HTTP API's 30 s. */
    private static final long DEFAULT_BUDGET_MILLIS = 29_000;

    protected final App app;

    protected ApiHandler(App app) {
        this.app = app;
    }

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        long budget = context == null ? DEFAULT_BUDGET_MILLIS : context.getRemainingTimeInMillis();
        Instant deadline = Instant.now().plusMillis(budget);
        try {
            return handle(new ApiRequest(event, app.apiSettings()), deadline);
        } catch (RuntimeException | Error e) {
            return Problems.from(e);
        }
    }

    /** Serves one request. */
    protected abstract APIGatewayV2HTTPResponse handle(ApiRequest request, Instant deadline);

    static APIGatewayV2HTTPResponse json(int status, JsonNode body) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(Map.of("content-type", "application/json"))
                .withBody(Json.write(body))
                .build();
    }

    /** Bodies above this are gzip-encoded for callers that accept it. */
    static final int GZIP_ABOVE_BYTES = 64 * 1024;

    /**
     * A JSON answer, gzip-compressed (and base64-encoded, as API Gateway expects binary bodies from
     * Lambda) when it is large and the caller accepts gzip: large items then fit Lambda's 6 MB response.
     */
    static APIGatewayV2HTTPResponse json(int status, JsonNode body, ApiRequest request) {
        byte[] raw = Json.write(body).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (raw.length <= GZIP_ABOVE_BYTES || !request.acceptsGzip()) {
            return json(status, body);
        }
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(Map.of("content-type", "application/json", "content-encoding", "gzip",
                        "vary", "accept-encoding"))
                .withBody(java.util.Base64.getEncoder().encodeToString(io.agentsessions.core.blob.Gzip.compress(raw)))
                .withIsBase64Encoded(true)
                .build();
    }

    static APIGatewayV2HTTPResponse noContent() {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(204).withHeaders(Map.of()).build();
    }
}
