package io.agentsessions.api;

import io.agentsessions.core.agent.AgentRegistry;
import io.agentsessions.core.model.ApiKeys;
import io.agentsessions.core.model.ModelProvider;
import io.agentsessions.core.model.ModelProviders;
import io.agentsessions.core.model.ModelRequest;
import io.agentsessions.core.model.ModelResponse;
import io.agentsessions.core.model.bedrock.BedrockConverseProvider;
import io.agentsessions.core.model.echo.EchoModelProvider;
import io.agentsessions.core.model.openai.OpenAiCompatibleProvider;
import io.agentsessions.core.session.SessionService;
import io.agentsessions.core.session.SessionServiceConfig;
import io.agentsessions.core.session.SessionStore;
import io.agentsessions.core.session.dynamodb.DynamoDbSessionStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import io.agentsessions.core.blob.BlobLayout;
import io.agentsessions.core.blob.S3BlobStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Everything a handler needs, wired once per container from the environment (see template.yaml
 * for the variables). Tests and the local server build their own with {@link #App(SessionService, ApiSettings)}.
 */
public final class App {
    private final SessionService sessions;
    private final ApiSettings apiSettings;

    public App(SessionService sessions, ApiSettings apiSettings) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.apiSettings = Objects.requireNonNull(apiSettings, "apiSettings");
    }

    /** The container-wide instance built from {@link System#getenv()}. */
    public static App shared() {
        return Holder.INSTANCE;
    }

    public SessionService sessions() {
        return sessions;
    }

    public ApiSettings apiSettings() {
        return apiSettings;
    }

    /** Builds the real wiring from environment variables. */
    public static App fromEnvironment(Map<String, String> env) {
        DynamoDbClient dynamoDb = AwsClients.configure(DynamoDbClient.builder(), env, "DYNAMODB_ENDPOINT").build();
        DynamoDbSessionStore.Builder store = DynamoDbSessionStore.builder()
                .dynamoDb(dynamoDb)
                .tableName(required(env, "TABLE_NAME"))
                .largeItemBytes(intValue(env, "LARGE_ITEM_BYTES", 32 * 1024))
                .archiveChunk(intValue(env, "ARCHIVE_CHUNK_ITEMS", 1000), 8 * 1024 * 1024)
                .archiveHotLimit(intValue(env, "ARCHIVE_HOT_LIMIT", SessionServiceConfig.DEFAULT_ARCHIVE_HOT_LIMIT));
        String bucket = blankToNull(env.get("BUCKET_NAME"));
        if (bucket != null) {
            S3Client s3 = AwsClients.configure(S3Client.builder(), env, "S3_ENDPOINT")
                    // Emulators serve buckets by path; AWS by virtual host.
                    .forcePathStyle(env.containsKey("S3_ENDPOINT"))
                    .build();
            store.blobs(new S3BlobStore(s3, bucket), new BlobLayout(env.getOrDefault("S3_PREFIX", "sessions/")));
        }
        return fromEnvironment(env, store.build());
    }

    /** Builds the wiring from environment variables around a given store. */
    public static App fromEnvironment(Map<String, String> env, SessionStore store) {
        String provider = env.getOrDefault("DEFAULT_MODEL_PROVIDER", EchoModelProvider.NAME);
        SessionServiceConfig config = new SessionServiceConfig(
                provider,
                blankToNull(env.get("DEFAULT_MODEL")),
                intValue(env, "DEFAULT_MAX_HISTORY", 50),
                longValue(env, "DEFAULT_TTL_SECONDS", 0),
                Duration.ofMillis(longValue(env, "MODEL_TIMEOUT_MS", 25_000)),
                intValue(env, "MAX_COMMIT_ATTEMPTS", 40),
                Duration.ofMillis(longValue(env, "PURGE_BUDGET_MS", 3_000)),
                !"false".equalsIgnoreCase(env.get("ALLOW_INLINE_AGENTS")),
                intValue(env, "MAX_ITEM_BYTES", SessionServiceConfig.DEFAULT_MAX_ITEM_BYTES),
                intValue(env, "ARCHIVE_HOT_LIMIT", SessionServiceConfig.DEFAULT_ARCHIVE_HOT_LIMIT));
        String agentsFile = blankToNull(env.get("AGENTS_FILE"));
        AgentRegistry agents = agentsFile == null ? AgentRegistry.fromResource("agents.json")
                : AgentRegistry.fromFile(Path.of(agentsFile));
        SessionService sessions = new SessionService(store, agents, providers(env), config, Clock.systemUTC());
        ApiSettings api = new ApiSettings(intValue(env, "MAX_BODY_BYTES", ApiSettings.DEFAULT_MAX_BODY_BYTES),
                env.getOrDefault("DEFAULT_OWNER", "local"), "true".equalsIgnoreCase(env.get("REQUIRE_IDENTITY")));
        return new App(sessions, api);
    }

    /** All providers; the AWS clients behind them are built on first use only. */
    static ModelProviders providers(Map<String, String> env) {
        Supplier<String> openAiKey = ApiKeys.openAi(env::get,
                () -> AwsClients.configure(SsmClient.builder(), env, "SSM_ENDPOINT").build(),
                () -> AwsClients.configure(SecretsManagerClient.builder(), env, "SECRETSMANAGER_ENDPOINT").build());
        ModelProvider openAi = new OpenAiCompatibleProvider(
                env.getOrDefault("OPENAI_BASE_URL", "https://api.openai.com/v1"), openAiKey);
        ModelProvider bedrock = new LazyProvider(BedrockConverseProvider.NAME, () -> new BedrockConverseProvider(
                AwsClients.configure(BedrockRuntimeClient.builder(), env, "BEDROCK_ENDPOINT").build()));
        return ModelProviders.of(openAi, bedrock, new EchoModelProvider());
    }

    private static String required(Map<String, String> env, String name) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            throw new IllegalStateException("environment variable " + name + " is required");
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static int intValue(Map<String, String> env, String name, int fallback) {
        return (int) longValue(env, name, fallback);
    }

    private static long longValue(Map<String, String> env, String name, long fallback) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("environment variable " + name + " must be a whole number", e);
        }
    }

    /** Builds the real provider on first use, so a deployment that never calls it pays nothing at start-up. */
    private static final class LazyProvider implements ModelProvider {
        private final String name;
        private final Supplier<ModelProvider> factory;
        private volatile ModelProvider delegate;

        LazyProvider(String name, Supplier<ModelProvider> factory) {
            this.name = name;
            this.factory = factory;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public ModelResponse respond(ModelRequest request) {
            ModelProvider provider = delegate;
            if (provider == null) {
                synchronized (this) {
                    if (delegate == null) {
                        delegate = factory.get();
                    }
                    provider = delegate;
                }
            }
            return provider.respond(request);
        }
    }

    /** Lazy holder: the wiring happens on first use by a Lambda-constructed handler (and is snapshotted by SnapStart). */
    private static final class Holder {
        static final App INSTANCE = fromEnvironment(System.getenv());

        static {
            Priming.register(INSTANCE);
        }
    }
}
