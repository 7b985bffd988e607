package io.agentsessions.local;

import io.agentsessions.api.App;
import io.agentsessions.api.ArchiveStreamHandler;
import io.agentsessions.api.PurgeStreamHandler;
import io.agentsessions.local.emulator.EmulatorClients;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import io.agentsessions.core.session.dynamodb.SessionTable;
import io.agentsessions.local.emulator.EmulatorSettings;
import io.agentsessions.local.emulator.Emulators;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The whole product on one machine: DynamoDB Local and S3Mock as child processes, the session
 * table and bucket, the real handler wiring ({@link App#fromEnvironment}) pointed at them, and the
 * local HTTP API in front. Used by {@link LocalMain} and by end-to-end tests.
 */
public final class LocalRuntime implements AutoCloseable {
    /** Table and bucket names used locally. */
    public static final String TABLE = "agent-sessions";
    public static final String BUCKET = "agent-sessions-local";

    private final Emulators emulators;
    private final DynamoDbClient dynamoDb;
    private final LocalApiServer server;
    private final String provider;
    private final LocalTableStream stream;

    private LocalRuntime(Emulators emulators, DynamoDbClient dynamoDb, LocalApiServer server, String provider,
                         LocalTableStream stream) {
        this.emulators = emulators;
        this.dynamoDb = dynamoDb;
        this.server = server;
        this.provider = provider;
        this.stream = stream;
    }

    /**
     * Starts everything.
     *
     * @param settings where the emulators are and where their data is kept
     * @param port     local API port, 0 for a free one
     * @param env      environment for the handler wiring (model provider, keys, limits); table
     *                 name and emulator endpoints are filled in here
     */
    public static LocalRuntime start(EmulatorSettings settings, int port, Map<String, String> env) {
        Emulators emulators = Emulators.start(settings.withInitialBuckets(List.of(BUCKET)));
        try {
            DynamoDbClient dynamoDb = emulators.dynamoDb();
            SessionTable.createIfMissing(dynamoDb, TABLE);
            Map<String, String> wiring = new HashMap<>(env);
            wiring.put("TABLE_NAME", TABLE);
            wiring.put("BUCKET_NAME", BUCKET);
            wiring.put("DYNAMODB_ENDPOINT", emulators.endpoints().dynamoDb().toString());
            wiring.put("S3_ENDPOINT", emulators.endpoints().s3().toString());
            wiring.putIfAbsent("AWS_REGION", "us-east-1");
            // Emulators accept any credentials; never send a developer's real keys to them.
            wiring.remove("AWS_ACCESS_KEY_ID");
            wiring.remove("AWS_CONTAINER_CREDENTIALS_FULL_URI");
            String provider = wiring.computeIfAbsent("DEFAULT_MODEL_PROVIDER", k ->
                    isSet(wiring.get("OPENAI_API_KEY")) ? "openai" : "echo");
            if (!isSet(wiring.get("DEFAULT_MODEL"))) {
                wiring.put("DEFAULT_MODEL", "openai".equals(provider) ? "gpt-4o-mini" : "echo-1");
            }
            App app = App.fromEnvironment(wiring);
            LocalTableStream stream = new LocalTableStream(dynamoDb,
                    DynamoDbStreamsClient.builder().endpointOverride(emulators.endpoints().dynamoDb())
                            .region(EmulatorClients.REGION).credentialsProvider(EmulatorClients.CREDENTIALS)
                            .httpClient(UrlConnectionHttpClient.create()).build(),
                    TABLE, new ArchiveStreamHandler(app), new PurgeStreamHandler(app));
            LocalApiServer server = LocalApiServer.start(app, port);
            return new LocalRuntime(emulators, dynamoDb, server, provider, stream);
        } catch (IOException e) {
            emulators.close();
            throw new UncheckedIOException("could not start the local API", e);
        } catch (RuntimeException e) {
            emulators.close();
            throw e;
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    /** Base URL of the local API. */
    public URI apiUri() {
        return server.baseUri();
    }

    /** The model provider runs use by default. */
    public String provider() {
        return provider;
    }

    /** The running emulators. */
    public Emulators emulators() {
        return emulators;
    }

    /** A client of the local DynamoDB (for tests and benchmarks). */
    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    @Override
    public void close() {
        server.close();
        stream.close();
        emulators.close();
    }
}
