package io.agentsessions.local.bench;

import io.agentsessions.core.agent.Agent;
import io.agentsessions.core.agent.AgentRegistry;
import io.agentsessions.core.json.Json;
import io.agentsessions.core.model.Items;
import io.agentsessions.core.model.ModelProviders;
import io.agentsessions.core.model.echo.EchoModelProvider;
import io.agentsessions.core.session.PageRequest;
import io.agentsessions.core.session.RunRequest;
import io.agentsessions.core.session.SessionKey;
import io.agentsessions.core.session.SessionRecord;
import io.agentsessions.core.session.SessionService;
import io.agentsessions.core.session.SessionServiceConfig;
import io.agentsessions.core.session.SessionSettings;
import io.agentsessions.core.session.StoredItem;
import io.agentsessions.core.session.dynamodb.DynamoDbSessionStore;
import io.agentsessions.core.session.dynamodb.SessionTable;
import io.agentsessions.local.emulator.EmulatorSettings;
import io.agentsessions.local.emulator.Emulators;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Prints what each operation costs on sessions of different lengths, against DynamoDB Local:
 * DynamoDB capacity units (as DynamoDB reports them with ReturnConsumedCapacity=TOTAL), calls,
 * and latency (median and p90 of the repeats). Also the deployment jar's size and a cold
 * handler's init time. Not a test: numbers are printed, nothing is asserted.
 *
 * <p>Sessions are built through the store itself (one transaction per 98 items), then measured
 * through {@link SessionService} exactly as the handlers call it. The model is the offline echo
 * model, so latency is ours and the emulator's, not a model's. {@code maxHistory} is 10 so the
 * model's window is equally full at every size.
 */
public final class SessionBenchmark {
    private static final String TABLE = "bench-sessions";
    private static final int MAX_HISTORY = 10;

    private SessionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long[] sizes = Arrays.stream((args.length > 0 ? args[0] : "10,1000,100000").split(","))
                .mapToLong(Long::parseLong).toArray();
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        System.out.printf(Locale.ROOT, "agent-sessions benchmark: sizes %s, %d repeats each, DynamoDB Local%n",
                Arrays.toString(sizes), repeats);
        jarAndInit();
        try (Emulators emulators = Emulators.start(EmulatorSettings.inMemory())) {
            DynamoDbClient dynamoDb = emulators.dynamoDb();
            SessionTable.createIfMissing(dynamoDb, TABLE);
            CapacityMeter meter = new CapacityMeter();
            DynamoDbSessionStore store = DynamoDbSessionStore.builder().dynamoDb(dynamoDb).tableName(TABLE)
                    .capacityListener(meter::record).build();
            SessionService service = new SessionService(store,
                    new AgentRegistry(List.of(new Agent("assistant", "Remember what the user tells you.", null, null,
                            null, null))),
                    ModelProviders.of(new EchoModelProvider()),
                    new SessionServiceConfig("echo", "echo-1", MAX_HISTORY, 0, Duration.ofSeconds(20), 40,
                            Duration.ofSeconds(3), true),
                    Clock.systemUTC());

            System.out.println();
            System.out.println("| items | operation | RCU/op | WCU/op | DynamoDB calls/op | median ms | p90 ms |");
            System.out.println("|---:|---|---:|---:|---:|---:|---:|");
            for (long size : sizes) {
                SessionKey key = new SessionKey("bench", "s-" + size + "-" + UUID.randomUUID().toString().substring(0, 6));
                long seeded = System.nanoTime();
                seed(store, key, size);
                System.err.printf(Locale.ROOT, "seeded %d items in %.1f s%n", size, (System.nanoTime() - seeded) / 1e9);
                measure(size, "run", repeats, meter, () -> service.run(key,
                        new RunRequest(List.of(Items.userText("How are you today?")), "assistant", null),
                        Instant.now().plusSeconds(30)));
                measure(size, "get first page (20, oldest first)", repeats, meter,
                        () -> service.get(key, new PageRequest(20, true, null)));
                measure(size, "get last page (20, newest first)", repeats, meter,
                        () -> service.get(key, new PageRequest(20, false, null)));
            }
        }
    }

    /** Builds a session of {@code size} items (user/assistant pairs of realistic length). */
    private static void seed(DynamoDbSessionStore store, SessionKey key, long size) {
        Instant now = Instant.now();
        SessionRecord current = null;
        String incarnation = "bench" + Long.toString(now.toEpochMilli(), 36);
        long written = 0;
        while (written < size) {
            int batch = (int) Math.min(98, size - written);
            List<StoredItem> items = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                long seq = written + i;
                items.add(new StoredItem(seq, "seed-" + (seq / 2), now, seq % 2 == 0 ? null : "assistant",
                        seq % 2 == 0 ? Items.userText("Question number " + seq + ": what should I pack for a trip?")
                                : Items.assistantText("Answer number " + seq + ": a jacket, comfortable shoes and"
                                        + " a charger; check the weather the day before you leave.")));
            }
            long version = current == null ? 1 : current.version() + 1;
            SessionRecord next = new SessionRecord(key, version, incarnation, now, now, null, Json.object(),
                    Json.object(), new SessionSettings(MAX_HISTORY, null), written + batch);
            store.commit(Optional.ofNullable(current), next, items);
            current = next;
            written += batch;
        }
    }

    private static void measure(long size, String operation, int repeats, CapacityMeter meter, Supplier<?> action) {
        action.get(); // warm-up, not counted
        double[] millis = new double[repeats];
        CapacityMeter.Snapshot before = meter.snapshot();
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            action.get();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        CapacityMeter.Snapshot used = meter.snapshot().minus(before);
        Arrays.sort(millis);
        System.out.printf(Locale.ROOT, "| %,d | %s | %.2f | %.2f | %.1f | %.1f | %.1f |%n", size, operation,
                used.reads() / repeats, used.writes() / repeats, (double) used.calls() / repeats,
                millis[repeats / 2], millis[(int) Math.min(repeats - 1, Math.ceil(repeats * 0.9) - 1)]);
    }

    /** Deployment jar size, and a cold JVM's init and first requests with only that jar. */
    private static void jarAndInit() throws Exception {
        Path jar = Path.of(System.getProperty("bench.jar", "functions/api/target/agent-sessions-api.jar"));
        if (!Files.exists(jar)) {
            System.out.println("deployment jar not found at " + jar + "; build with mvn package first");
            return;
        }
        System.out.printf(Locale.ROOT, "deployment jar: %s, %.1f MB%n", jar.getFileName(), Files.size(jar) / 1e6);
        try (Emulators emulators = Emulators.start(EmulatorSettings.inMemory())) {
            SessionTable.createIfMissing(emulators.dynamoDb(), TABLE);
            Path probeClasses = Path.of(InitProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (int i = 0; i < 3; i++) {
                ProcessBuilder process = new ProcessBuilder("java", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                        "-cp", jar + File.pathSeparator + probeClasses, InitProbe.class.getName())
                        .redirectErrorStream(true);
                process.environment().put("TABLE_NAME", TABLE);
                process.environment().put("DYNAMODB_ENDPOINT", emulators.endpoints().dynamoDb().toString());
                process.environment().put("AWS_REGION", "us-east-1");
                process.environment().remove("AWS_ACCESS_KEY_ID");
                Process started = process.start();
                String output = new String(started.getInputStream().readAllBytes());
                started.waitFor();
                output.lines().filter(line -> line.startsWith("INIT")).forEach(line ->
                        System.out.println("cold start (C1 only, like template.yaml): " + line.substring(5)));
            }
        }
    }
}
