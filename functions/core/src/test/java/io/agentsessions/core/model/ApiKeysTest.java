package io.agentsessions.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsessions.core.json.Json;
import io.agentsessions.core.testing.FakeHttpServer;
import io.agentsessions.core.testing.FakeReply;
import io.agentsessions.core.testing.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** Runs against a loopback fake of the SSM and Secrets Manager awsJson protocol (X-Amz-Target + JSON body). */
class ApiKeysTest {
    private static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:openai-AbCdEf";
    private static final Map<String, String> PARAMETERS = new ConcurrentHashMap<>();
    private static final Map<String, String> SECRETS = new ConcurrentHashMap<>();
    private static FakeHttpServer aws;

    private final AtomicInteger ssmClientsBuilt = new AtomicInteger();
    private final AtomicInteger secretsClientsBuilt = new AtomicInteger();

    @BeforeAll
    static void startFakeAws() {
        aws = FakeHttpServer.start(ApiKeysTest::answer);
    }

    @AfterAll
    static void stopFakeAws() {
        aws.close();
    }

    @BeforeEach
    void clear() {
        aws.clear();
        PARAMETERS.clear();
        SECRETS.clear();
    }

    /** A minimal AWS JSON 1.1 server for GetParameter and GetSecretValue. */
    private static FakeReply answer(RecordedRequest request) {
        String target = String.valueOf(request.header("X-Amz-Target"));
        JsonNode body = request.json();
        ObjectNode answer = Json.object();
        switch (target) {
            case "AmazonSSM.GetParameter" -> {
                String name = body.path("Name").asText();
                String value = PARAMETERS.get(name);
                if (value == null) {
                    return awsError("ParameterNotFound", "");
                }
                ObjectNode parameter = answer.putObject("Parameter");
                parameter.put("Name", name).put("Type", "SecureString").put("Value", value).put("Version", 1);
            }
            case "secretsmanager.GetSecretValue" -> {
                String id = body.path("SecretId").asText();
                String value = SECRETS.get(id);
                if (value == null) {
                    return awsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
                }
                answer.put("ARN", id).put("Name", "openai").put("SecretString", value).put("VersionId", "v1");
            }
            default -> {
                return awsError("UnknownOperationException", target);
            }
        }
        return FakeReply.json(200, Json.write(answer)).withHeader("Content-Type", "application/x-amz-json-1.1");
    }

    private static FakeReply awsError(String type, String message) {
        return FakeReply.json(400, Json.write(Json.object().put("__type", type).put("message", message)))
                .withHeader("Content-Type", "application/x-amz-json-1.1");
    }

    private Supplier<SsmClient> ssm() {
        return () -> {
            ssmClientsBuilt.incrementAndGet();
            return SsmClient.builder().endpointOverride(aws.uri()).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDFAKE", "fake")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                    .build();
        };
    }

    private Supplier<SecretsManagerClient> secretsManager() {
        return () -> {
            secretsClientsBuilt.incrementAndGet();
            return SecretsManagerClient.builder().endpointOverride(aws.uri()).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDFAKE", "fake")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                    .build();
        };
    }

    private Supplier<String> key(Map<String, String> env) {
        return ApiKeys.openAi(env::get, ssm(), secretsManager());
    }

    @Test
    void literalFromEnvironmentNeedsNoAwsClient() {
        Supplier<String> key = key(Map.of("OPENAI_API_KEY", " sk-literal\n"));

        assertThat(key.get()).isEqualTo("sk-literal");
        assertThat(ssmClientsBuilt).hasValue(0);
        assertThat(secretsClientsBuilt).hasValue(0);
    }

    @Test
    void literalWinsOverSecretReference() {
        Supplier<String> key = key(Map.of("OPENAI_API_KEY", "sk-literal", "OPENAI_API_KEY_SECRET", "/agent/openai"));

        assertThat(key.get()).isEqualTo("sk-literal");
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void nothingConfiguredMeansNoKey() {
        Supplier<String> key = key(Map.of("OPENAI_API_KEY", "  "));

        assertThat(key.get()).isNull();
        assertThat(key.get()).isNull();
        assertThat(ssmClientsBuilt).hasValue(0);
        assertThat(secretsClientsBuilt).hasValue(0);
    }

    @Test
    void readsDecryptedSsmParameterOnce() {
        PARAMETERS.put("/agent/openai", "sk-from-ssm");
        Supplier<String> key = key(Map.of("OPENAI_API_KEY_SECRET", "/agent/openai"));

        assertThat(key.get()).isEqualTo("sk-from-ssm");
        assertThat(key.get()).isEqualTo("sk-from-ssm");

        assertThat(aws.requests()).hasSize(1);
        RecordedRequest request = aws.lastRequest();
        assertThat(request.header("X-Amz-Target")).isEqualTo("AmazonSSM.GetParameter");
        assertThat(request.json().path("Name").asText()).isEqualTo("/agent/openai");
        assertThat(request.json().path("WithDecryption").asBoolean()).isTrue();
        assertThat(ssmClientsBuilt).hasValue(1);
        assertThat(secretsClientsBuilt).hasValue(0);
    }

    @Test
    void readsPlainSecretsManagerSecret() {
        SECRETS.put(SECRET_ARN, "sk-plain-secret");
        Supplier<String> key = key(Map.of("OPENAI_API_KEY_SECRET", SECRET_ARN));

        assertThat(key.get()).isEqualTo("sk-plain-secret");
        assertThat(aws.lastRequest().header("X-Amz-Target")).isEqualTo("secretsmanager.GetSecretValue");
        assertThat(aws.lastRequest().json().path("SecretId").asText()).isEqualTo(SECRET_ARN);
        assertThat(ssmClientsBuilt).hasValue(0);
    }

    @Test
    void readsApiKeyFieldOfJsonSecret() {
        SECRETS.put(SECRET_ARN, "{\"apiKey\":\"sk-json-field\",\"org\":\"o-1\"}");

        assertThat(key(Map.of("OPENAI_API_KEY_SECRET", SECRET_ARN)).get()).isEqualTo("sk-json-field");
    }

    @Test
    void readsOpenAiApiKeyFieldOfJsonSecret() {
        SECRETS.put(SECRET_ARN, "{\"OPENAI_API_KEY\":\"sk-env-style\"}");

        assertThat(key(Map.of("OPENAI_API_KEY_SECRET", SECRET_ARN)).get()).isEqualTo("sk-env-style");
    }

    @Test
    void jsonSecretWithoutKeyFieldFailsWithoutRevealingIt() {
        SECRETS.put(SECRET_ARN, "{\"token\":\"sk-hidden\"}");

        IllegalStateException error = catchThrowableOfType(IllegalStateException.class,
                () -> key(Map.of("OPENAI_API_KEY_SECRET", SECRET_ARN)).get());

        assertThat(error.getMessage()).contains("apiKey").doesNotContain("sk-hidden");
    }

    @Test
    void failureIsNotCachedSoALaterCallRetries() {
        Supplier<String> key = key(Map.of("OPENAI_API_KEY_SECRET", "/agent/missing"));

        IllegalStateException error = catchThrowableOfType(IllegalStateException.class, key::get);
        assertThat(error.getMessage()).contains("/agent/missing").contains("ParameterNotFound");

        PARAMETERS.put("/agent/missing", "sk-now-present");
        assertThat(key.get()).isEqualTo("sk-now-present");
        assertThat(aws.requests()).hasSize(2);
    }

    @Test
    void missingSecretFails() {
        IllegalStateException error = catchThrowableOfType(IllegalStateException.class,
                () -> key(Map.of("OPENAI_API_KEY_SECRET", SECRET_ARN)).get());

        assertThat(error.getMessage()).contains("ResourceNotFoundException");
    }

    @Test
    void concurrentCallersResolveOnce() throws Exception {
        PARAMETERS.put("/agent/openai", "sk-shared");
        Supplier<String> key = key(Map.of("OPENAI_API_KEY_SECRET", "/agent/openai"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(key::get);
            }
            for (Future<String> result : pool.invokeAll(calls)) {
                assertThat(result.get()).isEqualTo("sk-shared");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(aws.requests()).hasSize(1);
        assertThat(ssmClientsBuilt).hasValue(1);
    }

    @Test
    void supplierToStringDoesNotRevealTheKey() {
        Supplier<String> key = key(Map.of("OPENAI_API_KEY", "sk-literal"));
        key.get();

        assertThat(key.toString()).doesNotContain("sk-literal");
    }
}
