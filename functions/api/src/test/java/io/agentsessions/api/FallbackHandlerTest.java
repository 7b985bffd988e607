package io.agentsessions.api;

import static io.agentsessions.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The {@code $default} route. */
class FallbackHandlerTest {
    private final TestApi api = TestApi.create();

    @Test
    void unknownRouteIsRouteNotFound() {
        // the sample event, unchanged: GET /nope
        Reply reply = api.fallback(Events.fallback());

        assertProblem(reply, 404, "ROUTE_NOT_FOUND");
        assertThat(reply.header("allow")).isNull();
    }

    @Test
    void postOnASessionIsMethodNotAllowedWithAnAllowHeader() {
        Reply reply = api.fallback(Events.method(Events.path(Events.fallback(), "/sessions/x"), "POST"));

        assertProblem(reply, 405, "METHOD_NOT_ALLOWED");
        assertThat(reply.header("allow")).isEqualTo("GET, PUT, PATCH, DELETE");
    }

    @Test
    void getOnRunsIsMethodNotAllowedAllowingPost() {
        Reply reply = api.fallback(Events.path(Events.fallback(), "/sessions/x/runs"));

        assertProblem(reply, 405, "METHOD_NOT_ALLOWED");
        assertThat(reply.header("allow")).isEqualTo("POST");
    }

    @Test
    void getOnMessagesIsMethodNotAllowedAllowingDelete() {
        Reply reply = api.fallback(Events.path(Events.fallback(), "/sessions/x/messages"));

        assertProblem(reply, 405, "METHOD_NOT_ALLOWED");
        assertThat(reply.header("allow")).isEqualTo("DELETE");
    }

    @Test
    void deeperPathUnderASessionIsRouteNotFound() {
        assertProblem(api.fallback(Events.path(Events.fallback(), "/sessions/x/runs/1")), 404, "ROUTE_NOT_FOUND");
        assertProblem(api.fallback(Events.path(Events.fallback(), "/sessions")), 404, "ROUTE_NOT_FOUND");
    }
}
