package io.agentsessions.local.bench;

import io.agentsessions.core.agent.Agent;
import io.agentsessions.core.agent.AgentRegistry;
import io.agentsessions.core.blob.BlobLayout;
import io.agentsessions.core.blob.S3BlobStore;
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
 * <p>Sessions are built through the store itself (archived part imported in chunks, hot tail as
 * turns), then measured through {@link SessionService} exactly as the handlers call it. The model is the offline echo
 * model, so latency is ours and the emulator's, not a model's. {@code maxHistory} is 10 so the
 * model's window is equally full at every size.
 */
public final class SessionBenchmark {
    private static final String TABLE = "bench-sessions";
    private static final String BUCKET = "bench-blobs";
    private static final int MAX_HISTORY = 10;
    /** Hot items a long session keeps in DynamoDB (the archiver's limit). */
    private static final int HOT_TAIL = 1000;
    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final java.util.logging.Logger QUIET_SERVICE_LOG =
            java.util.logging.Logger.getLogger(SessionService.class.getName());

    private SessionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long[] sizes = Arrays.stream((args.length > 0 ? args[0] : "10,10000,1000000").split(","))
                .mapToLong(Long::parseLong).toArray();
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        System.out.printf(Locale.ROOT, "agent-sessions benchmark: sizes %s, %d repeats each, DynamoDB Local + S3Mock%n",
                Arrays.toString(sizes), repeats);
        // With a zero purge budget every clear logs that cleanup was left for later; expected here.
        QUIET_SERVICE_LOG.setLevel(java.util.logging.Level.WARNING);
        jarAndInit();
        try (Emulators emulators = Emulators.start(EmulatorSettings.inMemory().withInitialBuckets(List.of(BUCKET)))) {
            DynamoDbClient dynamoDb = emulators.dynamoDb();
            SessionTable.createIfMissing(dynamoDb, TABLE);
            CapacityMeter meter = new CapacityMeter();
            CountingBlobStore blobs = new CountingBlobStore(new S3BlobStore(emulators.s3(), BUCKET));
            DynamoDbSessionStore store = DynamoDbSessionStore.builder().dynamoDb(dynamoDb).tableName(TABLE)
                    .capacityListener(meter::record).blobs(blobs, new BlobLayout("sessions/")).build();
            // Purge budget 0: clear and delete measure only what the caller waits for; the
            // purge of old items is measured apart, as the cleanup it is.
            SessionService service = new SessionService(store,
                    new AgentRegistry(List.of(new Agent("assistant", "Remember what the user tells you.", null, null,
                            null, null))),
                    ModelProviders.of(new EchoModelProvider()),
                    new SessionServiceConfig("echo", "echo-1", MAX_HISTORY, 0, Duration.ofSeconds(20), 40,
                            Duration.ZERO, true, SessionServiceConfig.DEFAULT_MAX_ITEM_BYTES, HOT_TAIL),
                    Clock.systemUTC());
            Meter measure = new Meter(meter, blobs);

            System.out.println();
            System.out.println("| items | operation | RCU/op | WCU/op | DynamoDB calls/op | S3 requests/op | median ms | p90 ms |");
            System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|");
            for (long size : sizes) {
                SessionKey key = seed(store, size);
                measure.repeat(size, "run", repeats, () -> service.run(key,
                        new RunRequest(List.of(Items.userText("How are you today?")), "assistant", null),
                        Instant.now().plusSeconds(30)));
                measure.repeat(size, "get first page (20 oldest)", repeats,
                        () -> service.get(key, new PageRequest(20, true, null)));
                measure.repeat(size, "get last page (20 newest)", repeats,
                        () -> service.get(key, new PageRequest(20, false, null)));
                String incarnation = store.load(key).orElseThrow().incarnation();
                measure.once(size, "clear (caller waits)", () -> service.clear(key));
                measure.once(size, "  purge after clear (cleanup)",
                        () -> store.purge(key, incarnation, Instant.now().plusSeconds(600)));
                SessionKey other = seed(store, size);
                String deleted = store.load(other).orElseThrow().incarnation();
                measure.once(size, "delete (caller waits)", () -> service.delete(other));
                measure.once(size, "  purge after delete (cleanup)",
                        () -> store.purge(other, deleted, Instant.now().plusSeconds(600)));
            }
        }
    }

    /**
     * Builds a session of {@code size} items as a long-lived one looks: everything but the last
     * {@value #HOT_TAIL} items archived in chunks of 1,000 (imported straight into the archive),
     * the tail hot in DynamoDB (written as turns, 98 items per transaction).
     */
    private static SessionKey seed(DynamoDbSessionStore store, long size) {
        long started = System.nanoTime();
        SessionKey key = new SessionKey("bench", "s-" + size + "-" + UUID.randomUUID().toString().substring(0, 6));
        Instant now = Instant.now();
        SessionRecord current = new SessionRecord(key, 1, "bench" + Long.toString(now.toEpochMilli(), 36), now, now,
                null, Json.object(), Json.object(), new SessionSettings(MAX_HISTORY, null), 0);
        store.commit(Optional.empty(), current, List.of());
        long archived = Math.max(0, size - HOT_TAIL);
        while (current.itemCount() < archived) {
            int batch = (int) Math.min(1000, archived - current.itemCount());
            current = store.appendArchived(current, items(current.itemCount(), batch, now));
        }
        while (current.itemCount() < size) {
            int batch = (int) Math.min(98, size - current.itemCount());
            SessionRecord next = new SessionRecord(key, current.version() + 1, current.incarnation(), now, now, null,
                    Json.object(), Json.object(), current.settings(), current.itemCount() + batch,
                    current.archivedCount());
            store.commit(Optional.of(current), next, items(current.itemCount(), batch, now));
            current = next;
        }
        System.err.printf(Locale.ROOT, "seeded %,d items (%,d archived) in %.1f s%n", size, current.archivedCount(),
                (System.nanoTime() - started) / 1e9);
        return key;
    }

    private static List<StoredItem> items(long from, int count, Instant now) {
        List<StoredItem> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long seq = from + i;
            items.add(new StoredItem(seq, "seed-" + (seq / 2), now, seq % 2 == 0 ? null : "assistant",
                    // Fixed-width numbers: items are the same size at every history length, so
                    // differences in cost can only come from the history's length.
                    seq % 2 == 0 ? Items.userText(String.format("Question number %07d: what should I pack?", seq))
                            : Items.assistantText(String.format("Answer number %07d: a jacket, comfortable shoes and"
                                    + " a charger; check the weather the day before you leave.", seq))));
        }
        return items;
    }

    /** Measures operations and prints one table row each. */
    private record Meter(CapacityMeter capacity, CountingBlobStore blobs) {
        void repeat(long size, String operation, int repeats, Supplier<?> action) {
            action.get(); // warm-up, not counted
            double[] millis = new double[repeats];
            CapacityMeter.Snapshot before = capacity.snapshot();
            long s3Before = blobs.requests();
            for (int i = 0; i < repeats; i++) {
                long start = System.nanoTime();
                action.get();
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            print(size, operation, repeats, capacity.snapshot().minus(before), blobs.requests() - s3Before, millis);
        }

        void once(long size, String operation, Runnable action) {
            CapacityMeter.Snapshot before = capacity.snapshot();
            long s3Before = blobs.requests();
            long start = System.nanoTime();
            action.run();
            double[] millis = {(System.nanoTime() - start) / 1e6};
            print(size, operation, 1, capacity.snapshot().minus(before), blobs.requests() - s3Before, millis);
        }

        private static void print(long size, String operation, int n, CapacityMeter.Snapshot used, long s3,
                                  double[] millis) {
            Arrays.sort(millis);
            System.out.printf(Locale.ROOT, "| %,d | %s | %.2f | %.2f | %.1f | %.1f | %.1f | %.1f |%n", size, operation,
                    used.reads() / n, used.writes() / n, (double) used.calls() / n, (double) s3 / n,
                    millis[millis.length / 2], millis[(int) Math.min(millis.length - 1, Math.ceil(millis.length * 0.9) - 1)]);
        }
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
