package io.agentsessions.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsessions.core.error.InvalidRequestException;
import io.agentsessions.core.error.PayloadTooLargeException;
import io.agentsessions.core.json.Json;
import io.agentsessions.core.session.SessionKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * A read-only view of an API Gateway HTTP API (payload 2.0) request with the parsing every
 * handler needs: headers in any case, base64 bodies, size and media-type checks, caller identity.
 */
public final class ApiRequest {
    /** Reads one JSON document; text after it (a second document, stray characters) is malformed JSON. */
    private static final ObjectReader BODY_READER = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final APIGatewayV2HTTPEvent event;
    private final ApiSettings settings;

    ApiRequest(APIGatewayV2HTTPEvent event, ApiSettings settings) {
        this.event = event == null ? new APIGatewayV2HTTPEvent() : event;
        this.settings = settings;
    }

    /** HTTP method, upper case. */
    public String method() {
        var context = event.getRequestContext();
        String method = context != null && context.getHttp() != null ? context.getHttp().getMethod() : null;
        return method == null ? "" : method.toUpperCase(Locale.ROOT);
    }

    /** Request path. */
    public String path() {
        if (event.getRawPath() != null) {
            return event.getRawPath();
        }
        var context = event.getRequestContext();
        return context != null && context.getHttp() != null && context.getHttp().getPath() != null
                ? context.getHttp().getPath() : "/";
    }

    /** A header value, looked up case-insensitively (hand-written events may use any case). */
    public String header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey() != null && header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    /** Whether the caller accepts a gzip-encoded response ({@code Accept-Encoding: gzip}). */
    public boolean acceptsGzip() {
        String accepted = header("accept-encoding");
        return accepted != null && accepted.toLowerCase(Locale.ROOT).contains("gzip");
    }

    /** A query string parameter, or null. */
    public String query(String name) {
        Map<String, String> query = event.getQueryStringParameters();
        return query == null ? null : query.get(name);
    }

    /** The session addressed by the path, owned by the caller. */
    public SessionKey sessionKey() {
        Map<String, String> params = event.getPathParameters();
        String sessionId = params == null ? null : params.get("sessionId");
        if (sessionId == null) {
            throw new InvalidRequestException("INVALID_SESSION_ID", "The path names no session id.");
        }
        return new SessionKey(owner(), sessionId);
    }

    /**
     * The caller's identity: the JWT authorizer's issuer and subject, the IAM caller's ARN, or the
     * fixed local owner when the API has no authorizer. Deployments require an identity and refuse
     * requests without one, so callers can never fall into a shared owner by accident.
     */
    public String owner() {
        var context = event.getRequestContext();
        var authorizer = context == null ? null : context.getAuthorizer();
        if (authorizer != null && authorizer.getJwt() != null && authorizer.getJwt().getClaims() != null) {
            Map<String, String> claims = authorizer.getJwt().getClaims();
            String sub = claims.get("sub");
            if (sub != null && !sub.isBlank()) {
                String iss = claims.get("iss");
                return truncateOwner("jwt:" + (iss == null ? "" : iss + "|") + sub);
            }
        }
        if (authorizer != null && authorizer.getIam() != null) {
            String arn = authorizer.getIam().getUserArn();
            if (arn != null && !arn.isBlank()) {
                return truncateOwner("iam:" + arn);
            }
        }
        if (settings.requireIdentity()) {
            throw new UnauthenticatedException();
        }
        return settings.defaultOwner();
    }

    private static String truncateOwner(String owner) {
        if (owner.length() > SessionKey.MAX_OWNER_LENGTH) {
            throw new InvalidRequestException("INVALID_IDENTITY", "The caller identity is too long.");
        }
        return owner;
    }

    /** The body as a JSON object; an absent body is an empty object only if {@code optional}. */
    public ObjectNode jsonBody(boolean optional) {
        String body = event.getBody();
        if (body == null || body.isEmpty()) {
            if (optional) {
                return Json.object();
            }
            throw new InvalidRequestException("INVALID_REQUEST", "The request needs a JSON body.");
        }
        String contentType = header("content-type");
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            throw new UnsupportedMediaTypeException(contentType);
        }
        byte[] bytes = event.getIsBase64Encoded() ? decodeBase64(body) : body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > settings.maxBodyBytes()) {
            throw new PayloadTooLargeException("PAYLOAD_TOO_LARGE", "The request body is " + bytes.length
                    + " bytes; the limit is " + settings.maxBodyBytes() + " bytes.");
        }
        JsonNode node;
        try {
            node = BODY_READER.readTree(bytes);
        } catch (JsonProcessingException e) {
            // Limit violations (nesting depth, number length) carry no location.
            var where = e.getLocation();
            throw new InvalidRequestException("INVALID_JSON", "The request body is not valid JSON"
                    + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")")
                    + ".", e);
        } catch (java.io.IOException e) {
            throw new InvalidRequestException("INVALID_JSON", "The request body could not be read as JSON.", e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new InvalidRequestException("INVALID_REQUEST", "The request body must be a JSON object.");
        }
        return object;
    }

    private static byte[] decodeBase64(String body) {
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("INVALID_REQUEST", "The body is marked base64 but is not.", e);
        }
    }
}
