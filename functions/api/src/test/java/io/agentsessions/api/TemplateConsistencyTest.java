package io.agentsessions.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * template.yaml, the handler classes and {@link Routes} (which the local server dispatches with)
 * describe the same API: a route or handler renamed in one place fails here, not in a deploy.
 */
class TemplateConsistencyTest {
    private static final Path TEMPLATE = Path.of("../../template.yaml");

    @Test
    void everyHandlerInTheTemplateIsARequestHandlerClass() throws Exception {
        Matcher handlers = Pattern.compile("Handler:\\s*([\\w.]+)::handleRequest").matcher(Files.readString(TEMPLATE));
        List<String> names = new ArrayList<>();
        while (handlers.find()) {
            names.add(handlers.group(1));
            assertThat(RequestHandler.class.isAssignableFrom(Class.forName(handlers.group(1))))
                    .as(handlers.group(1)).isTrue();
        }
        assertThat(names).hasSize(9);
    }

    @Test
    void templateRoutesAreExactlyTheRoutesTheLocalServerServes() throws Exception {
        Matcher routes = Pattern.compile("Method:\\s*(\\w+)\\s*\\n\\s*Path:\\s*(\\S+)").matcher(Files.readString(TEMPLATE));
        List<String> declared = new ArrayList<>();
        while (routes.find()) {
            declared.add(routes.group(1) + " " + routes.group(2));
        }
        assertThat(declared).containsExactlyInAnyOrderElementsOf(
                Routes.ALL.stream().map(route -> route.method() + " " + route.template()).toList());
    }
}
