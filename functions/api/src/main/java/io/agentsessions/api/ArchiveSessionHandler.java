package io.agentsessions.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Instant;

/**
 * {@code POST /sessions/{sessionId}/archive}: move everything older than the model's window to
 * compressed chunks in S3 now (the seed's {@code archive()}); reads stay transparent.
 */
public final class ArchiveSessionHandler extends ApiHandler {

    /** Called by Lambda: wires the real dependencies once per container. */
    public ArchiveSessionHandler() {
        this(App.shared());
    }

    public ArchiveSessionHandler(App app) {
        super(app);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request, Instant deadline) {
        var key = request.sessionKey();
        // Leave time to answer; a session too long to finish now continues on the next call.
        var record = app.sessions().archiveAll(key, deadline.minusSeconds(2));
        return json(200, Views.session(record));
    }
}
