package io.agentsessions.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsessions.core.error.InvalidRequestException;
import io.agentsessions.core.session.SessionSettings;
import io.agentsessions.core.session.SettingsPatch;
import java.time.Instant;
import java.util.Set;

/**
 * {@code PUT /sessions/{sessionId}} creates a session or replaces its context, data and settings;
 * {@code PATCH /sessions/{sessionId}} merges into them (RFC 7396). The history is never touched.
 */
public final class UpdateSessionHandler extends ApiHandler {
    private static final Set<String> FIELDS = Set.of("context", "data", "maxHistory", "ttlSeconds");
    /** Keeps the session record well inside DynamoDB's 400 KB item limit. */
    static final int MAX_OBJECT_BYTES = 64 * 1024;

    /** Called by Lambda: wires the real dependencies once per container. */
    public UpdateSessionHandler() {
        this(App.shared());
    }

    public UpdateSessionHandler(App app) {
        super(app);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request, Instant deadline) {
        var key = request.sessionKey();
        ObjectNode body = request.jsonBody(false);
        body.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw new InvalidRequestException("INVALID_REQUEST", "Unknown field '" + field
                        + "'; a session takes context, data, maxHistory and ttlSeconds.");
            }
        });
        ObjectNode context = object(body, "context");
        ObjectNode data = object(body, "data");
        if ("PUT".equals(request.method())) {
            var result = app.sessions().put(key, context, data,
                    new SessionSettings(integer(body, "maxHistory"), longValue(body, "ttlSeconds")));
            return json(result.getValue() ? 201 : 200, Views.session(result.getKey()));
        }
        var settings = new SettingsPatch(body.has("maxHistory"), integer(body, "maxHistory"),
                body.has("ttlSeconds"), longValue(body, "ttlSeconds"));
        return json(200, Views.session(app.sessions().patch(key, context, data, settings)));
    }

    private static ObjectNode object(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!(value instanceof ObjectNode object)) {
            throw new InvalidRequestException("INVALID_REQUEST", "'" + field + "' must be a JSON object.");
        }
        if (object.toString().length() > MAX_OBJECT_BYTES) {
            throw new io.agentsessions.core.error.PayloadTooLargeException("PAYLOAD_TOO_LARGE",
                    "'" + field + "' must be at most " + MAX_OBJECT_BYTES + " bytes of JSON.");
        }
        return object;
    }

    private static Integer integer(ObjectNode body, String field) {
        Long value = longValue(body, field);
        if (value != null && (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE)) {
            throw new InvalidRequestException("INVALID_REQUEST", "'" + field + "' is out of range.");
        }
        return value == null ? null : value.intValue();
    }

    private static Long longValue(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new InvalidRequestException("INVALID_REQUEST", "'" + field + "' must be a whole number.");
        }
        return value.asLong();
    }
}
