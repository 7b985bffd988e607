package io.agentsessions.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A scripted HTTP server on {@code 127.0.0.1} and a free port, for tests. It records every
 * request, answers with queued one-shot replies first ({@link #enqueue}) and otherwise asks its
 * responder. Requests are handled on their own threads, so a delayed reply does not hold up
 * others. The protocol-specific fakes ({@link FakeOpenAiServer}, {@link FakeBedrockServer}) are
 * built on it; use it directly for other protocols (e.g. AWS JSON services).
 */
public final class FakeHttpServer implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Queue<FakeReply> queued = new ConcurrentLinkedQueue<>();
    private volatile Function<RecordedRequest, FakeReply> responder;

    private FakeHttpServer(Function<RecordedRequest, FakeReply> responder) throws IOException {
        this.responder = Objects.requireNonNull(responder, "responder");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fake-http-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server that answers every request not covered by {@link #enqueue} with {@code responder}. */
    public static FakeHttpServer start(Function<RecordedRequest, FakeReply> responder) {
        try {
            return new FakeHttpServer(responder);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start a fake HTTP server on 127.0.0.1", e);
        }
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Replies to send, in order, to the next requests (one each) before the responder is asked again. */
    public void enqueue(FakeReply... replies) {
        for (FakeReply reply : replies) {
            queued.add(Objects.requireNonNull(reply, "reply"));
        }
    }

    /** Replaces the responder for requests not covered by {@link #enqueue}. */
    public void respondWith(Function<RecordedRequest, FakeReply> responder) {
        this.responder = Objects.requireNonNull(responder, "responder");
    }

    /** Every request received so far, oldest first (a snapshot). */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The most recent request; fails the test if there was none. */
    public RecordedRequest lastRequest() {
        List<RecordedRequest> all = requests();
        if (all.isEmpty()) {
            throw new AssertionError("The fake server received no request");
        }
        return all.get(all.size() - 1);
    }

    /** Forgets recorded requests and queued replies; the responder stays. */
    public void clear() {
        requests.clear();
        queued.clear();
    }

    /** Stops at once, abandoning delayed replies. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(), exchange.getRequestHeaders(),
                    new String(body, StandardCharsets.UTF_8));
            requests.add(request);
            FakeReply reply = queued.poll();
            if (reply == null) {
                try {
                    reply = responder.apply(request);
                } catch (RuntimeException e) {
                    reply = FakeReply.json(500, "{\"message\":\"fake server responder failed: "
                            + e.getClass().getSimpleName() + "\"}");
                }
            }
            if (!reply.delay().isZero()) {
                try {
                    Thread.sleep(reply.delay().toMillis());
                } catch (InterruptedException e) {
                    // Closing the server abandons the reply.
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            send(exchange, reply);
        } catch (IOException e) {
            // The client gave up (e.g. its timeout fired); nothing left to answer.
        } finally {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, FakeReply reply) throws IOException {
        List<String> names = new ArrayList<>(reply.headers().keySet());
        for (Map.Entry<String, String> header : reply.headers().entrySet()) {
            exchange.getResponseHeaders().add(header.getKey(), header.getValue());
        }
        if (names.stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
