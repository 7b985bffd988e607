package io.agentsessions.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real sample events of {@code events/}, loaded fresh for every request, and the few edits a
 * test makes to them (body, session id, method, query, headers, identity). Each edit changes the
 * event in place and returns it, so a test reads {@code Events.body(Events.run(), "...")}.
 */
final class Events {
    /** The events folder, relative to the module directory Maven runs tests in. */
    static final Path DIR = Path.of("..", "..", "events");

    private Events() {
    }

    static APIGatewayV2HTTPEvent run() {
        return load("run");
    }

    static APIGatewayV2HTTPEvent runJwt() {
        return load("run-jwt");
    }

    static APIGatewayV2HTTPEvent get() {
        return load("get");
    }

    /** The sample PATCH event. */
    static APIGatewayV2HTTPEvent update() {
        return load("update");
    }

    static APIGatewayV2HTTPEvent clear() {
        return load("clear");
    }

    static APIGatewayV2HTTPEvent delete() {
        return load("delete");
    }

    static APIGatewayV2HTTPEvent fallback() {
        return load("fallback");
    }

    static APIGatewayV2HTTPEvent load(String name) {
        Path file = DIR.resolve(name + ".json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("sample event not found: " + file.toAbsolutePath());
        }
        return EventLoader.loadApiGatewayHttpEvent(file.toString());
    }

    /** Replaces the body (plain text) and fixes content-length. */
    static APIGatewayV2HTTPEvent body(APIGatewayV2HTTPEvent event, String body) {
        event.setBody(body);
        event.setIsBase64Encoded(false);
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        return contentLength(event, bytes.length);
    }

    /** Replaces the body with the base64 encoding of {@code body}, as API Gateway sends binary bodies. */
    static APIGatewayV2HTTPEvent base64Body(APIGatewayV2HTTPEvent event, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        event.setBody(Base64.getEncoder().encodeToString(bytes));
        event.setIsBase64Encoded(true);
        return contentLength(event, bytes.length);
    }

    /** Addresses another session: path parameter, raw path and request-context path. */
    static APIGatewayV2HTTPEvent sessionId(APIGatewayV2HTTPEvent event, String sessionId) {
        String old = event.getPathParameters().get("sessionId");
        Map<String, String> params = new HashMap<>(event.getPathParameters());
        params.put("sessionId", sessionId);
        event.setPathParameters(params);
        path(event, event.getRawPath().replace("/sessions/" + old, "/sessions/" + sessionId));
        return event;
    }

    /** Sets raw path and request-context path. */
    static APIGatewayV2HTTPEvent path(APIGatewayV2HTTPEvent event, String path) {
        event.setRawPath(path);
        event.getRequestContext().getHttp().setPath(path);
        return event;
    }

    /** Sets the HTTP method (and the route key, as API Gateway would). */
    static APIGatewayV2HTTPEvent method(APIGatewayV2HTTPEvent event, String method) {
        event.getRequestContext().getHttp().setMethod(method);
        String routeKey = event.getRouteKey();
        if (routeKey != null && routeKey.contains(" ")) {
            String newKey = method + routeKey.substring(routeKey.indexOf(' '));
            event.setRouteKey(newKey);
            event.getRequestContext().setRouteKey(newKey);
        }
        return event;
    }

    /** Replaces the query string parameters. */
    static APIGatewayV2HTTPEvent query(APIGatewayV2HTTPEvent event, Map<String, String> query) {
        event.setQueryStringParameters(query.isEmpty() ? null : new LinkedHashMap<>(query));
        StringBuilder raw = new StringBuilder();
        query.forEach((k, v) -> raw.append(raw.isEmpty() ? "" : "&").append(k).append('=').append(v));
        event.setRawQueryString(raw.toString());
        return event;
    }

    /** Sets a header, replacing any header of the same name in whatever case it was written. */
    static APIGatewayV2HTTPEvent header(APIGatewayV2HTTPEvent event, String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>(event.getHeaders() == null ? Map.of() : event.getHeaders());
        headers.keySet().removeIf(key -> key.equalsIgnoreCase(name));
        if (value != null) {
            headers.put(name, value);
        }
        event.setHeaders(headers);
        return event;
    }

    /** Changes the JWT subject of an event that carries a JWT authorizer (run-jwt.json). */
    static APIGatewayV2HTTPEvent jwtSubject(APIGatewayV2HTTPEvent event, String sub) {
        var jwt = event.getRequestContext().getAuthorizer().getJwt();
        Map<String, String> claims = new HashMap<>(jwt.getClaims());
        claims.put("sub", sub);
        jwt.setClaims(claims);
        return event;
    }

    /** Gives {@code target} the JWT authorizer of run-jwt.json with subject {@code sub}. */
    static APIGatewayV2HTTPEvent asJwtUser(APIGatewayV2HTTPEvent target, String sub) {
        var authorizer = jwtSubject(runJwt(), sub).getRequestContext().getAuthorizer();
        target.getRequestContext().setAuthorizer(authorizer);
        return header(target, "authorization", runJwt().getHeaders().get("authorization"));
    }

    private static APIGatewayV2HTTPEvent contentLength(APIGatewayV2HTTPEvent event, int length) {
        if (event.getHeaders() != null && event.getHeaders().containsKey("content-length")) {
            header(event, "content-length", Integer.toString(length));
        }
        return event;
    }
}
