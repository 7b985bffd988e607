package io.agentsessions.api;

import static io.agentsessions.api.ProblemAssertions.assertJson;
import static io.agentsessions.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentsessions.core.model.ModelProviders;
import io.agentsessions.core.model.echo.EchoModelProvider;
import io.agentsessions.core.session.InMemorySessionStore;
import io.agentsessions.core.session.SessionServiceConfig;
import org.junit.jupiter.api.Test;

/** Deployments require a caller identity: without one a request is refused, never given a shared owner. */
class RequireIdentityTest {
    private final InMemorySessionStore store = new InMemorySessionStore();
    private final TestApi api = TestApi.create(store, store, ModelProviders.of(new EchoModelProvider()),
            SessionServiceConfig.defaults("echo", "echo-1"),
            new ApiSettings(ApiSettings.DEFAULT_MAX_BODY_BYTES, "local", true));

    @Test
    void aRequestWithoutIdentityIsUnauthenticatedAndWritesNothing() {
        assertProblem(api.run(Events.run()), 401, "UNAUTHENTICATED");
        assertProblem(api.get(Events.get()), 401, "UNAUTHENTICATED");
        assertThat(api.stored("alice-1")).isEmpty();
    }

    @Test
    void aRequestWithAnIdentityIsServedAsItsOwner() {
        assertJson(api.run(Events.runJwt()), 200);
        assertThat(store.load(new io.agentsessions.core.session.SessionKey(TestApi.JWT_OWNER, "alice-1"))).isPresent();
    }
}
