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
        boolean gzip = request.acceptsGzip();
        var page = app.sessions().get(key, pageRequest(request, gzip ? GZIP_PAGE_BYTES : PLAIN_PAGE_BYTES));
        return json(200, Views.page(page, gzip ? Long.MAX_VALUE : PLAIN_PAGE_BYTES), request);
    }

    /**
     * Byte budgets of a page's items, keeping the answer under Lambda's 6 MB response limit:
     * uncompressed JSON is escaped once more inside Lambda's response, so it gets less room; an
     * item larger than that is sent only gzip-encoded (without gzip its entry says so instead).
     */
    static final long PLAIN_PAGE_BYTES = 2L * 1024 * 1024;
    static final long GZIP_PAGE_BYTES = 5L * 1024 * 1024 + 256 * 1024;

    private static PageRequest pageRequest(ApiRequest request, long maxBytes) {
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
        return new PageRequest(limit, !"desc".equals(order), cursor == null || cursor.isEmpty() ? null : cursor,
                maxBytes);
    }
}
