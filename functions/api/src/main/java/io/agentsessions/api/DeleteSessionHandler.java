package io.agentsessions.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Instant;

/** {@code DELETE /sessions/{sessionId}}: delete the session for good. */
public final class DeleteSessionHandler extends ApiHandler {

    /** Called by Lambda: wires the real dependencies once per container. */
    public DeleteSessionHandler() {
        this(App.shared());
    }

    public DeleteSessionHandler(App app) {
        super(app);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request, Instant deadline) {
        app.sessions().delete(request.sessionKey());
        return noContent();
    }
}
