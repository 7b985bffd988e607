package io.agentsessions.api;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The API's routes, as declared in template.yaml: the local server dispatches with them and the
 * fallback handler uses them to tell 404 from 405.
 */
public final class Routes {
    /** One route: method, path pattern and the handler kind serving it. */
    public record Route(String method, String template, Pattern pattern, Kind kind) {
    }

    /** Which handler serves a route. */
    public enum Kind { RUN, GET, UPDATE, CLEAR, DELETE, ARCHIVE }

    private static final String ID = "(?<sessionId>[^/]+)";
    /** All routes. */
    public static final List<Route> ALL = List.of(
            new Route("POST", "/sessions/{sessionId}/runs", Pattern.compile("/sessions/" + ID + "/runs"), Kind.RUN),
            new Route("POST", "/sessions/{sessionId}/archive", Pattern.compile("/sessions/" + ID + "/archive"),
                    Kind.ARCHIVE),
            new Route("GET", "/sessions/{sessionId}", Pattern.compile("/sessions/" + ID), Kind.GET),
            new Route("PUT", "/sessions/{sessionId}", Pattern.compile("/sessions/" + ID), Kind.UPDATE),
            new Route("PATCH", "/sessions/{sessionId}", Pattern.compile("/sessions/" + ID), Kind.UPDATE),
            new Route("DELETE", "/sessions/{sessionId}/messages", Pattern.compile("/sessions/" + ID + "/messages"),
                    Kind.CLEAR),
            new Route("DELETE", "/sessions/{sessionId}", Pattern.compile("/sessions/" + ID), Kind.DELETE));

    private Routes() {
    }

    /** Methods allowed on a path (comma-separated), or null if no route has this path. */
    public static String allowedMethods(String path) {
        String methods = ALL.stream().filter(r -> r.pattern().matcher(path).matches()).map(Route::method)
                .distinct().reduce((a, b) -> a + ", " + b).orElse(null);
        return methods;
    }
}
