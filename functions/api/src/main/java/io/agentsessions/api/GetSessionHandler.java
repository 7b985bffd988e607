package io.agentsessions.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsessions.core.error.InvalidRequestException;
import io.agentsessions.core.session.PageRequest;
import java.time.Instant;

/** {@code GET /sessions/{sessionId}?limit=&order=asc|desc&cursor=}: the session and a page of messages. */
public final class GetSessionHandler extends ApiHandler {

    /** Called by Lambda: wires the real dependencies once per container. */
    public GetSessionHandler() {
        this(App.shared());
    }

    public GetSessionHandler(App app) {
        super(app);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request, Instant deadline) {
        var key = request.sessionKey();
        return json(200, Views.page(app.sessions().get(key, pageRequest(request))));
    }

    private static PageRequest pageRequest(ApiRequest request) {
        String limitText = request.query("limit");
        int limit = PageRequest.DEFAULT_LIMIT;
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("INVALID_REQUEST", "limit must be a whole number from 1 to "
                        + PageRequest.MAX_LIMIT + ".");
            }
        }
        String order = request.query("order");
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw new InvalidRequestException("INVALID_REQUEST", "order must be 'asc' or 'desc'.");
        }
        String cursor = request.query("cursor");
        return new PageRequest(limit, !"desc".equals(order), cursor == null || cursor.isEmpty() ? null : cursor);
    }
}
