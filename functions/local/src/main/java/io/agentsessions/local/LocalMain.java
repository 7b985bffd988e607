package io.agentsessions.local;

import io.agentsessions.local.emulator.EmulatorSettings;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * README command 1: runs the product locally until interrupted. Data lives under
 * {@code .local-data/} (or {@code AGENT_SESSIONS_DATA}), so sessions survive a restart.
 * The port is {@code PORT} (default 3000).
 */
public final class LocalMain {
    private LocalMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path data = Path.of(System.getenv().getOrDefault("AGENT_SESSIONS_DATA", ".local-data")).toAbsolutePath();
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "3000"));
        System.out.println("agent-sessions: starting DynamoDB Local and S3Mock (data in " + data + ") ...");
        LocalRuntime runtime = LocalRuntime.start(EmulatorSettings.persistent(data), port, System.getenv());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "local-shutdown"));
        String model = "openai".equals(runtime.provider())
                ? "OpenAI-compatible provider (OPENAI_API_KEY is set; base URL "
                        + System.getenv().getOrDefault("OPENAI_BASE_URL", "https://api.openai.com/v1") + ")"
                : runtime.provider().equals("echo")
                        ? "the offline ECHO model (a demo stand-in that repeats what it saw; set OPENAI_API_KEY for a real model)"
                        : "provider '" + runtime.provider() + "'";
        System.out.println("agent-sessions: local API on " + runtime.apiUri() + " using " + model);
        System.out.println("agent-sessions: try  curl -s -X POST " + runtime.apiUri()
                + "/sessions/alice-1/runs -H 'content-type: application/json' -d '{\"input\":\"My name is Alice\"}'");
        System.out.println("agent-sessions: Ctrl-C stops it; sessions are kept.");
        stopped.await();
    }
}
