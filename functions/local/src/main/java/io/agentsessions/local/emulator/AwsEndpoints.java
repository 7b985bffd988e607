package io.agentsessions.local.emulator;

import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where a local stand-in for DynamoDB and S3 answers: the emulators started by {@link Emulators},
 * or anything else that speaks the same APIs (a LocalStack container, for instance).
 *
 * @param dynamoDb DynamoDB endpoint, for example {@code http://127.0.0.1:8000}
 * @param s3 S3 endpoint, to be used with path-style addressing
 */
public record AwsEndpoints(URI dynamoDb, URI s3) {

  public AwsEndpoints {
    Objects.requireNonNull(dynamoDb, "dynamoDb");
    Objects.requireNonNull(s3, "s3");
  }

  /** A new client for {@link #dynamoDb()}; the caller closes it. */
  public DynamoDbClient newDynamoDbClient() {
    return EmulatorClients.dynamoDb(dynamoDb);
  }

  /** A new path-style client for {@link #s3()}; the caller closes it. */
  public S3Client newS3Client() {
    return EmulatorClients.s3(s3);
  }
}
