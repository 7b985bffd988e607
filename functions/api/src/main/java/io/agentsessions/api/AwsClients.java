package io.agentsessions.api;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Explicit SDK client configuration: region from {@code AWS_REGION}, the JDK URLConnection HTTP
 * client, and the credentials Lambda actually provides. With SnapStart, Lambda hands out container
 * credentials ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}) instead of access-key variables, so
 * the provider is chosen from what the environment holds, never from the default chain's probing.
 */
final class AwsClients {
    private AwsClients() {
    }

    static Region region(Map<String, String> env) {
        String region = env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
        return Region.of(region);
    }

    static AwsCredentialsProvider credentials(Map<String, String> env) {
        if (env.containsKey("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
            return ContainerCredentialsProvider.builder().build();
        }
        if (env.containsKey("AWS_ACCESS_KEY_ID")) {
            return EnvironmentVariableCredentialsProvider.create();
        }
        // Local emulators accept any key; nothing real is ever sent with these.
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    /** Applies region, credentials, HTTP client and an optional endpoint override (local emulators). */
    static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder,
            Map<String, String> env, String endpointVariable) {
        builder.region(region(env)).credentialsProvider(credentials(env))
                .httpClient(UrlConnectionHttpClient.builder().build());
        String endpoint = env.get(endpointVariable);
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder;
    }
}
