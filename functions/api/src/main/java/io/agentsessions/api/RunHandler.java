package io.agentsessions.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsessions.core.agent.AgentParser;
import io.agentsessions.core.error.InvalidRequestException;
import io.agentsessions.core.session.InputItems;
import io.agentsessions.core.session.RunRequest;
import java.time.Instant;

/** {@code POST /sessions/{sessionId}/runs}: run one turn and return the final output. */
public final class RunHandler extends ApiHandler {
    /** Default agent when a run names none. */
    static final String DEFAULT_AGENT = "assistant";

    /** Called by Lambda: wires the real dependencies once per container. */
    public RunHandler() {
        this(App.shared());
    }

    public RunHandler(App app) {
        super(app);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request, Instant deadline) {
        var key = request.sessionKey();
        ObjectNode body = request.jsonBody(false);
        var input = InputItems.from(body.get("input"));
        JsonNode agent = body.get("agent");
        RunRequest run;
        if (agent == null || agent.isNull()) {
            run = new RunRequest(input, DEFAULT_AGENT, null);
        } else if (agent.isTextual()) {
            run = new RunRequest(input, agent.asText(), null);
        } else if (agent.isObject()) {
            run = new RunRequest(input, null, AgentParser.parse(agent));
        } else {
            throw new InvalidRequestException("INVALID_REQUEST",
                    "'agent' must be the name of a configured agent or an agent object.");
        }
        return json(200, Views.run(app.sessions().run(key, run, deadline)), request);
    }
}
