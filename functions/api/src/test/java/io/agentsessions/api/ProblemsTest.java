package io.agentsessions.api;

import static io.agentsessions.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The shared problem mapping, seen through a handler. */
class ProblemsTest {

    @Test
    void problemTypeIsTheCodeInAsciiLowerCaseWhateverTheDefaultLocale() {
        Locale original = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR")); // "I".toLowerCase() is a dotless "ı" here
        try {
            Reply reply = TestApi.create().run(Events.body(Events.run(), "{\"input\":\"\"}"));

            assertThat(assertProblem(reply, 400, "INVALID_REQUEST").path("type").asText())
                    .isEqualTo("https://agent-sessions.dev/problems/invalid-request");
        } finally {
            Locale.setDefault(original);
        }
    }

    @Test
    void problemBodyHasTheRfc9457Members() {
        Reply reply = TestApi.create().get(Events.get());

        var body = assertProblem(reply, 404, "SESSION_NOT_FOUND");
        assertThat(RunHandlerTest.fieldNames(body)).containsExactly("type", "title", "status", "code", "detail");
        assertThat(body.path("title").asText()).isEqualTo("Not Found");
        assertThat(body.path("detail").asText()).contains("alice-1");
    }
}
