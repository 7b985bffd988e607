package io.agentsessions.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.agentsessions.api.App;
import io.agentsessions.api.ArchiveSessionHandler;
import io.agentsessions.api.ClearSessionHandler;
import io.agentsessions.api.DeleteSessionHandler;
import io.agentsessions.api.FallbackHandler;
import io.agentsessions.api.GetSessionHandler;
import io.agentsessions.api.Routes;
import io.agentsessions.api.RunHandler;
import io.agentsessions.api.UpdateSessionHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;

/**
 * A local stand-in for API Gateway's HTTP API on 127.0.0.1: each request becomes the same
 * payload-2.0 event API Gateway would send, and is served by the same handler classes Lambda
 * runs, matched by the routes in template.yaml ({@link Routes}); anything else goes to the
 * {@link FallbackHandler} like the {@code $default} route.
 */
public final class LocalApiServer implements AutoCloseable {
    /** API Gateway's HTTP API payload limit; larger requests are refused before any handler runs. */
    static final int MAX_REQUEST_BYTES = 10 * 1024 * 1024;
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<Routes.Kind, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> handlers;
    private final FallbackHandler fallback = new FallbackHandler();

    private LocalApiServer(HttpServer server, ExecutorService executor, App app) {
        this.server = server;
        this.executor = executor;
        this.handlers = new EnumMap<>(Routes.Kind.class);
        handlers.put(Routes.Kind.RUN, new RunHandler(app));
        handlers.put(Routes.Kind.GET, new GetSessionHandler(app));
        handlers.put(Routes.Kind.UPDATE, new UpdateSessionHandler(app));
        handlers.put(Routes.Kind.CLEAR, new ClearSessionHandler(app));
        handlers.put(Routes.Kind.DELETE, new DeleteSessionHandler(app));
        handlers.put(Routes.Kind.ARCHIVE, new ArchiveSessionHandler(app));
    }

    /** Starts serving on 127.0.0.1; port 0 picks a free one. */
    public static LocalApiServer start(App app, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        ExecutorService executor = Executors.newFixedThreadPool(32, runnable -> {
            Thread thread = new Thread(runnable, "local-api");
            thread.setDaemon(true);
            return thread;
        });
        LocalApiServer local = new LocalApiServer(server, executor, app);
        server.createContext("/", local::serve);
        server.setExecutor(executor);
        server.start();
        return local;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:3000}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readBody(exchange.getRequestBody());
            APIGatewayV2HTTPResponse response = body == null
                    ? tooLarge()
                    : dispatch(toEvent(exchange, body));
            write(exchange, response);
        }
    }

    private APIGatewayV2HTTPResponse dispatch(APIGatewayV2HTTPEvent event) {
        String method = event.getRequestContext().getHttp().getMethod();
        for (Routes.Route route : Routes.ALL) {
            Matcher matcher = route.pattern().matcher(event.getRawPath());
            if (route.method().equals(method) && matcher.matches()) {
                event.setRouteKey(route.method() + " " + route.template());
                event.getRequestContext().setRouteKey(event.getRouteKey());
                event.setPathParameters(Map.of("sessionId",
                        URLDecoder.decode(matcher.group("sessionId"), StandardCharsets.UTF_8)));
                return handlers.get(route.kind()).handleRequest(event, null);
            }
        }
        return fallback.handleRequest(event, null);
    }

    private static APIGatewayV2HTTPEvent toEvent(HttpExchange exchange, byte[] body) {
        URI uri = exchange.getRequestURI();
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        Map<String, String> query = new LinkedHashMap<>();
        String rawQuery = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.merge(name, value, (a, b) -> a + "," + b); // API Gateway joins repeated parameters with commas
        }
        Instant now = Instant.now();
        var http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(exchange.getRequestMethod().toUpperCase(Locale.ROOT))
                .withPath(uri.getRawPath())
                .withProtocol(exchange.getProtocol())
                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                .withUserAgent(headers.getOrDefault("user-agent", ""))
                .build();
        var context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAccountId("000000000000")
                .withApiId("local")
                .withDomainName(headers.getOrDefault("host", "127.0.0.1"))
                .withDomainPrefix("local")
                .withHttp(http)
                .withRequestId(UUID.randomUUID().toString())
                .withRouteKey("$default")
                .withStage("$default")
                .withTime(REQUEST_TIME.format(now))
                .withTimeEpoch(now.toEpochMilli())
                .build();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(uri.getRawPath())
                .withRawQueryString(rawQuery)
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withRequestContext(context)
                .withBody(body.length == 0 ? null : new String(body, StandardCharsets.UTF_8))
                .withIsBase64Encoded(false)
                .build();
    }

    /** The body, or null if it is over the API Gateway limit. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_REQUEST_BYTES + 1);
        if (body.length > MAX_REQUEST_BYTES) {
            in.skip(Long.MAX_VALUE);
            return null;
        }
        return body;
    }

    private static APIGatewayV2HTTPResponse tooLarge() {
        return io.agentsessions.api.Problems.problem(413, "PAYLOAD_TOO_LARGE",
                "The request is larger than the API's 10 MB limit.", Map.of());
    }

    private static void write(HttpExchange exchange, APIGatewayV2HTTPResponse response) throws IOException {
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        }
        byte[] body = response.getBody() == null ? new byte[0]
                : response.getIsBase64Encoded() ? java.util.Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
        int status = response.getStatusCode();
        exchange.sendResponseHeaders(status, status == 204 || body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** For diagnostics: the routes served. */
    public static List<String> routes() {
        return Routes.ALL.stream().map(r -> r.method() + " " + r.template()).toList();
    }
}
