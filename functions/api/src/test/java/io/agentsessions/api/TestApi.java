package io.agentsessions.api;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.agentsessions.core.agent.AgentRegistry;
import io.agentsessions.core.json.Json;
import io.agentsessions.core.model.ModelProviders;
import io.agentsessions.core.model.echo.EchoModelProvider;
import io.agentsessions.core.session.InMemorySessionStore;
import io.agentsessions.core.session.SessionKey;
import io.agentsessions.core.session.SessionRecord;
import io.agentsessions.core.session.SessionService;
import io.agentsessions.core.session.SessionServiceConfig;
import io.agentsessions.core.session.SessionStore;
import io.agentsessions.core.session.StoredItem;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * An {@link App} around an {@link InMemorySessionStore}, the bundled agents.json and the echo
 * model, with its handlers built the way Lambda builds them (through the App constructor).
 */
final class TestApi {
    /** Owner of sessions created by requests without an authorizer. */
    static final String LOCAL_OWNER = "local";
    /** Owner derived from the JWT claims of events/run-jwt.json (issuer, then subject). */
    static final String JWT_OWNER = "jwt:https://auth.example.com/|user-123";

    final InMemorySessionStore store;
    final App app;
    private final RunHandler run;
    private final GetSessionHandler get;
    private final UpdateSessionHandler update;
    private final ClearSessionHandler clear;
    private final DeleteSessionHandler delete;
    private final FallbackHandler fallback = new FallbackHandler();

    private TestApi(InMemorySessionStore store, App app) {
        this.store = store;
        this.app = app;
        this.run = new RunHandler(app);
        this.get = new GetSessionHandler(app);
        this.update = new UpdateSessionHandler(app);
        this.clear = new ClearSessionHandler(app);
        this.delete = new DeleteSessionHandler(app);
    }

    /** Echo model, default settings, 1 MiB body limit. */
    static TestApi create() {
        return create(ModelProviders.of(new EchoModelProvider()), SessionServiceConfig.defaults("echo", "echo-1"));
    }

    /** The given providers and service settings, 1 MiB body limit. */
    static TestApi create(ModelProviders providers, SessionServiceConfig config) {
        InMemorySessionStore store = new InMemorySessionStore();
        return create(store, store, providers, config, defaultSettings());
    }

    /** The default wiring with another body limit. */
    static TestApi withMaxBodyBytes(int maxBodyBytes) {
        InMemorySessionStore store = new InMemorySessionStore();
        return create(store, store, ModelProviders.of(new EchoModelProvider()),
                SessionServiceConfig.defaults("echo", "echo-1"), new ApiSettings(maxBodyBytes, LOCAL_OWNER));
    }

    /**
     * Full control: the service uses {@code serviceStore} (e.g. a failing wrapper), tests inspect
     * the {@code store} underneath it.
     */
    static TestApi create(InMemorySessionStore store, SessionStore serviceStore, ModelProviders providers,
                          SessionServiceConfig config, ApiSettings settings) {
        SessionService sessions = new SessionService(serviceStore, AgentRegistry.fromResource("agents.json"),
                providers, config, Clock.systemUTC());
        return new TestApi(store, new App(sessions, settings));
    }

    static ApiSettings defaultSettings() {
        return new ApiSettings(ApiSettings.DEFAULT_MAX_BODY_BYTES, LOCAL_OWNER);
    }

    Reply run(APIGatewayV2HTTPEvent event) {
        return call(run, event);
    }

    Reply get(APIGatewayV2HTTPEvent event) {
        return call(get, event);
    }

    Reply update(APIGatewayV2HTTPEvent event) {
        return call(update, event);
    }

    Reply clear(APIGatewayV2HTTPEvent event) {
        return call(clear, event);
    }

    Reply delete(APIGatewayV2HTTPEvent event) {
        return call(delete, event);
    }

    Reply fallback(APIGatewayV2HTTPEvent event) {
        return call(fallback, event);
    }

    /** Runs one turn with text input and the given configured agent on a local-owner session; must succeed. */
    JsonNode say(String sessionId, String agent, String text) {
        var body = Json.object().put("input", text).put("agent", agent);
        Reply reply = run(Events.body(Events.sessionId(Events.run(), sessionId), Json.write(body)));
        if (reply.status() != 200) {
            throw new AssertionError("run failed: " + reply);
        }
        return reply.json();
    }

    /** Stored record of a local-owner session. */
    Optional<SessionRecord> stored(String sessionId) {
        return store.load(new SessionKey(LOCAL_OWNER, sessionId));
    }

    /** Stored items of the current incarnation of a local-owner session. */
    List<StoredItem> items(String sessionId) {
        return store.currentItems(new SessionKey(LOCAL_OWNER, sessionId));
    }

    private static Reply call(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
                              APIGatewayV2HTTPEvent event) {
        return Reply.of(handler.handleRequest(event, null));
    }
}
