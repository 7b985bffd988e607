package io.agentsessions.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;

/**
 * The {@code $default} route: requests that match no route get a problem answer instead of API
 * Gateway's plain {@code {"message":"Not Found"}}. Needs no AWS clients, so it starts fast.
 */
public final class FallbackHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        ApiRequest request = new ApiRequest(event, new ApiSettings(ApiSettings.DEFAULT_MAX_BODY_BYTES, "none"));
        String allowed = Routes.allowedMethods(request.path());
        if (allowed != null) {
            return Problems.problem(405, "METHOD_NOT_ALLOWED", request.method() + " is not supported on this path; use "
                    + allowed + ".", Map.of("allow", allowed));
        }
        return Problems.problem(404, "ROUTE_NOT_FOUND", "No such route. Routes live under /sessions/{sessionId}; see the API documentation.",
                Map.of());
    }
}
