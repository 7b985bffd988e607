package io.agentsessions.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Instant;

/** {@code DELETE /sessions/{sessionId}/messages}: empty the history, keep context, data and settings. */
public final class ClearSessionHandler extends ApiHandler {

    /** Called by Lambda: wires the real dependencies once per container. */
    public ClearSessionHandler() {
        this(App.shared());
    }

    public ClearSessionHandler(App app) {
        super(app);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request, Instant deadline) {
        app.sessions().clear(request.sessionKey());
        return noContent();
    }
}
