package io.agentsessions.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.agentsessions.core.error.SessionsException;
import io.agentsessions.core.json.Json;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming: before Lambda snapshots an initialized function, serve one read of a session
 * that does not exist through the real handler path, so the snapshot holds a warmed SDK client
 * (class loading, endpoint rules, marshallers), Jackson and our own code. It reads nothing
 * anyone owns and writes nothing. Nothing unique is created here (ids come from
 * {@link java.util.UUID#randomUUID()}, which stays unique after restore), so afterRestore is empty.
 */
final class Priming implements Resource {
    /** Subject of the priming read; whatever it finds is discarded, and it never writes. */
    static final String PRIMING_OWNER = "snapstart-priming";
    private final App app;

    private Priming(App app) {
        this.app = app;
    }

    /** Registers priming for the container's App; a no-op outside a CRaC-capable runtime. */
    static void register(App app) {
        Core.getGlobalContext().register(new Priming(app));
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime(app);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: SDK clients re-resolve credentials when they expire and open new connections as needed.
    }

    /** One read through the full handler path; failures are ignored (priming is an optimisation). */
    static void prime(App app) {
        try {
            APIGatewayV2HTTPEvent event = Json.mapper().convertValue(Map.of(
                    "version", "2.0",
                    "rawPath", "/sessions/priming",
                    "pathParameters", Map.of("sessionId", "priming"),
                    "requestContext", Map.of("http", Map.of("method", "GET", "path", "/sessions/priming"),
                            "authorizer", Map.of("jwt", Map.of("claims", Map.of("sub", PRIMING_OWNER))))),
                    APIGatewayV2HTTPEvent.class);
            new GetSessionHandler(app).handleRequest(event, null);
        } catch (SessionsException | IllegalArgumentException expected) {
            // not found, or the store was unreachable at snapshot time: the first request pays instead
        }
    }
}
