package io.agentsessions.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsessions.core.error.ConcurrentUpdateException;
import io.agentsessions.core.error.InvalidRequestException;
import io.agentsessions.core.error.ModelException;
import io.agentsessions.core.error.PayloadTooLargeException;
import io.agentsessions.core.error.SessionNotFoundException;
import io.agentsessions.core.error.SessionsException;
import io.agentsessions.core.error.StoreUnavailableException;
import io.agentsessions.core.json.Json;
import java.util.Locale;
import java.util.Map;

/**
 * The one place where failures become HTTP answers: RFC 9457 {@code application/problem+json}
 * with a stable {@code code}. Unexpected exceptions are logged with their cause and answered
 * with a generic 500 that reveals nothing of the internals.
 */
public final class Problems {
    private static final System.Logger LOG = System.getLogger(Problems.class.getName());

    private Problems() {
    }

    /** The response for any throwable escaping a handler. */
    public static APIGatewayV2HTTPResponse from(Throwable error) {
        if (error instanceof SessionsException known) {
            int status = status(known);
            if (status >= 500) {
                // Logged with the cause for operators; the answer carries only the code and a plain message.
                LOG.log(System.Logger.Level.WARNING, known.code() + ": " + known.getMessage(), known.getCause());
            }
            return problem(status, known.code(), known.getMessage(), Map.of());
        }
        LOG.log(System.Logger.Level.ERROR, "unexpected failure", error);
        return problem(500, "INTERNAL_ERROR", "Something went wrong on our side; nothing was written.", Map.of());
    }

    /** A problem response. */
    public static APIGatewayV2HTTPResponse problem(int status, String code, String detail, Map<String, String> headers) {
        ObjectNode body = Json.object();
        body.put("type", "https://agent-sessions.dev/problems/" + code.toLowerCase(Locale.ROOT).replace('_', '-'));
        body.put("title", title(status));
        body.put("status", status);
        body.put("code", code);
        body.put("detail", detail);
        var allHeaders = new java.util.HashMap<>(headers);
        allHeaders.put("content-type", "application/problem+json");
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(allHeaders)
                .withBody(Json.write(body))
                .build();
    }

    static int status(SessionsException error) {
        if (error instanceof SessionNotFoundException) {
            return 404;
        }
        if (error instanceof UnauthenticatedException) {
            return 401;
        }
        if (error instanceof UnsupportedMediaTypeException) {
            return 415;
        }
        if (error instanceof InvalidRequestException) {
            return 400;
        }
        if (error instanceof PayloadTooLargeException) {
            return 413;
        }
        if (error instanceof ConcurrentUpdateException) {
            return 409;
        }
        if (error instanceof ModelException model) {
            return model.timedOut() ? 504 : 502;
        }
        if (error instanceof StoreUnavailableException) {
            return 503;
        }
        if (error instanceof io.agentsessions.core.error.StoredDataUnreadableException) {
            return 500;
        }
        return 500;
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Internal Server Error";
        };
    }
}
