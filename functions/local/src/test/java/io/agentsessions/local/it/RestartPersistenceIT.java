package io.agentsessions.local.it;

import static io.agentsessions.local.it.HttpClientSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentsessions.local.LocalRuntime;
import io.agentsessions.local.emulator.EmulatorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seed's "app restarts ... remembers input 1", with the local command's persistent data folder. */
class RestartPersistenceIT {

    @Test
    void sessionsSurviveARestartOfTheLocalRuntime() throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "restart-it");
        Map<String, String> echoOnly = Map.of("DEFAULT_MODEL_PROVIDER", "echo");

        try (LocalRuntime first = LocalRuntime.start(EmulatorSettings.persistent(data), 0, echoOnly)) {
            var run = send(first.apiUri(), "POST", "/sessions/alice-1/runs", "{\"input\":\"My name is Alice\"}");
            assertThat(run.status()).isEqualTo(200);
        }

        try (LocalRuntime second = LocalRuntime.start(EmulatorSettings.persistent(data), 0, echoOnly)) {
            var run = send(second.apiUri(), "POST", "/sessions/alice-1/runs", "{\"input\":\"What is my name?\"}");
            assertThat(run.status()).isEqualTo(200);
            assertThat(run.body().path("finalOutput").asText())
                    .startsWith("echo: What is my name?")
                    .contains("saw 3 items: user \"My name is Alice\"");
            assertThat(send(second.apiUri(), "GET", "/sessions/alice-1", null).body().path("messageCount").asInt())
                    .isEqualTo(4);
        }
    }
}
