package io.agentsessions.local.emulator;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SDK v2 clients for local endpoints: the URLConnection HTTP client (the one the functions use),
 * region us-east-1 and static dummy credentials, so nothing is read from the environment, from
 * {@code ~/.aws} or from instance metadata. S3 clients use path-style addressing, which S3Mock and
 * LocalStack need on a bare host:port.
 */
public final class EmulatorClients {

  /** The region every local client and emulator agrees on. */
  public static final Region REGION = Region.US_EAST_1;

  /** Dummy credentials; "test" is also what LocalStack maps to its default account. */
  public static final AwsCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  private EmulatorClients() {}

  /** A DynamoDB client for {@code endpoint}; the caller closes it. */
  public static DynamoDbClient dynamoDb(URI endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(REGION)
        .credentialsProvider(CREDENTIALS)
        .httpClient(httpClient())
        .build();
  }

  /** A path-style S3 client for {@code endpoint}; the caller closes it. */
  public static S3Client s3(URI endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(REGION)
        .credentialsProvider(CREDENTIALS)
        .forcePathStyle(true)
        .httpClient(httpClient())
        .build();
  }

  /** A DynamoDB client that fails fast and never retries: for readiness polls. */
  static DynamoDbClient dynamoDbProbe(URI endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(REGION)
        .credentialsProvider(CREDENTIALS)
        .httpClient(probeHttpClient())
        .overrideConfiguration(probeConfiguration())
        .build();
  }

  /** An S3 client that fails fast and never retries: for readiness polls. */
  static S3Client s3Probe(URI endpoint) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(REGION)
        .credentialsProvider(CREDENTIALS)
        .forcePathStyle(true)
        .httpClient(probeHttpClient())
        .overrideConfiguration(probeConfiguration())
        .build();
  }

  private static SdkHttpClient httpClient() {
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(2))
        .socketTimeout(Duration.ofSeconds(30))
        .build();
  }

  private static SdkHttpClient probeHttpClient() {
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofMillis(500))
        .socketTimeout(Duration.ofSeconds(2))
        .build();
  }

  private static ClientOverrideConfiguration probeConfiguration() {
    return ClientOverrideConfiguration.builder()
        .retryStrategy(AwsRetryStrategy.doNotRetry())
        .apiCallTimeout(Duration.ofSeconds(3))
        .build();
  }
}
