package io.agentsessions.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsessions.core.json.Json;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;

/**
 * Resolves the OpenAI API key from configuration, once, on first use.
 *
 * <ol>
 *   <li>{@value #OPENAI_API_KEY}: the key itself (fine for local runs; in AWS prefer a secret).</li>
 *   <li>{@value #OPENAI_API_KEY_SECRET}: where the key is stored. An ARN starting with
 *       {@code arn:aws:secretsmanager:} is read with Secrets Manager {@code GetSecretValue}; its
 *       {@code SecretString} is the key, or, when it is a JSON object, its {@code apiKey} or
 *       {@code OPENAI_API_KEY} field. Anything else is an SSM parameter name (or ARN) read with
 *       {@code GetParameter} and decryption.</li>
 *   <li>Neither set: no key ({@code null}), for compatible servers without authentication.</li>
 * </ol>
 * The literal wins when both are set. The AWS clients are built through the given factories only
 * when a secret has to be read, and closed after that one read (so a factory must build a new
 * client, not hand out a shared one). A successful result is cached for the life of the
 * supplier; a failure is not, so a later call tries again. The key never appears in exception
 * messages or logs.
 */
public final class ApiKeys {
    /** Environment variable holding the key itself. */
    public static final String OPENAI_API_KEY = "OPENAI_API_KEY";
    /** Environment variable holding a Secrets Manager ARN or an SSM parameter name. */
    public static final String OPENAI_API_KEY_SECRET = "OPENAI_API_KEY_SECRET";

    private static final String SECRETS_MANAGER_ARN_PREFIX = "arn:aws:secretsmanager:";

    private ApiKeys() {
    }

    /**
     * The OpenAI key for this process: environment from {@link System#getenv}, AWS clients for
     * {@code AWS_REGION} with the environment-variable credentials Lambda sets.
     */
    public static Supplier<String> openAiFromEnvironment() {
        Map<String, String> env = System.getenv();
        return openAi(env::get,
                () -> SsmClient.builder()
                        .region(region(env))
                        .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                        .httpClient(UrlConnectionHttpClient.create())
                        .build(),
                () -> SecretsManagerClient.builder()
                        .region(region(env))
                        .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                        .httpClient(UrlConnectionHttpClient.create())
                        .build());
    }

    /**
     * A memoizing, thread-safe supplier of the OpenAI key.
     *
     * @param env            environment lookup, e.g. {@code System::getenv} or {@code map::get}
     * @param ssm            builds an SSM client; called at most once per resolution, only for a parameter
     * @param secretsManager builds a Secrets Manager client; called only for a secret ARN
     * @return the key, or {@code null} when none is configured; throws {@link IllegalStateException}
     *         when a configured secret cannot be read
     */
    public static Supplier<String> openAi(Function<String, String> env, Supplier<SsmClient> ssm,
                                          Supplier<SecretsManagerClient> secretsManager) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(ssm, "ssm");
        Objects.requireNonNull(secretsManager, "secretsManager");
        return memoize(() -> resolve(env, ssm, secretsManager));
    }

    private static String resolve(Function<String, String> env, Supplier<SsmClient> ssm,
                                  Supplier<SecretsManagerClient> secretsManager) {
        String literal = env.apply(OPENAI_API_KEY);
        if (literal != null && !literal.isBlank()) {
            return literal.strip();
        }
        String reference = env.apply(OPENAI_API_KEY_SECRET);
        if (reference == null || reference.isBlank()) {
            return null;
        }
        reference = reference.strip();
        return reference.startsWith(SECRETS_MANAGER_ARN_PREFIX)
                ? fromSecretsManager(reference, secretsManager)
                : fromParameterStore(reference, ssm);
    }

    private static String fromSecretsManager(String arn, Supplier<SecretsManagerClient> factory) {
        GetSecretValueResponse response;
        try (SecretsManagerClient client = factory.get()) {
            response = client.getSecretValue(b -> b.secretId(arn));
        } catch (SdkException e) {
            throw new IllegalStateException("Could not read the OpenAI API key from Secrets Manager secret "
                    + arn + ": " + errorCode(e), e);
        }
        String secret = response.secretString();
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("Secrets Manager secret " + arn + " has no SecretString");
        }
        secret = secret.strip();
        if (!secret.startsWith("{")) {
            return secret;
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(secret);
        } catch (IOException e) {
            // Never attach the parse error: its message quotes the secret.
            throw new IllegalStateException("Secrets Manager secret " + arn + " looks like JSON but is not valid JSON");
        }
        for (String field : new String[] {"apiKey", OPENAI_API_KEY}) {
            JsonNode value = json.get(field);
            if (value != null && value.isTextual() && !value.asText().isBlank()) {
                return value.asText().strip();
            }
        }
        throw new IllegalStateException("Secrets Manager secret " + arn
                + " is a JSON object without an 'apiKey' or '" + OPENAI_API_KEY + "' field");
    }

    private static String fromParameterStore(String name, Supplier<SsmClient> factory) {
        GetParameterResponse response;
        try (SsmClient client = factory.get()) {
            response = client.getParameter(b -> b.name(name).withDecryption(true));
        } catch (SdkException e) {
            throw new IllegalStateException("Could not read the OpenAI API key from SSM parameter "
                    + name + ": " + errorCode(e), e);
        }
        String value = response.parameter() == null ? null : response.parameter().value();
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("SSM parameter " + name + " is empty");
        }
        return value.strip();
    }

    private static String errorCode(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return e.getClass().getSimpleName();
    }

    private static Region region(Map<String, String> env) {
        String region = env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION"));
        if (region == null || region.isBlank()) {
            throw new IllegalStateException("AWS_REGION is not set; cannot read the OpenAI API key secret");
        }
        return Region.of(region);
    }

    /** Caches the first successful result (including {@code null}); failures propagate and are retried. */
    private static <T> Supplier<T> memoize(Supplier<T> delegate) {
        return new Supplier<>() {
            private volatile Optional<T> value;

            @Override
            public T get() {
                Optional<T> current = value;
                if (current == null) {
                    synchronized (this) {
                        current = value;
                        if (current == null) {
                            current = Optional.ofNullable(delegate.get());
                            value = current;
                        }
                    }
                }
                return current.orElse(null);
            }

            @Override
            public String toString() {
                // Keep the key out of accidental logging of the supplier.
                return "ApiKeys.memoized";
            }
        };
    }
}
