package io.agentsessions.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The storage contract against DynamoDB Local and S3Mock, shared by every IT in this JVM. */
class EmulatorsIT extends StorageRoundTripContract {

  @Override
  protected AwsEndpoints endpoints() {
    return SharedEmulators.endpoints();
  }

  @Test
  void handsOutLoopbackEndpointsAndWritesLogs() {
    Emulators emulators = SharedEmulators.get();

    assertThat(emulators.endpoints().dynamoDb().getHost()).isEqualTo("127.0.0.1");
    assertThat(emulators.endpoints().s3().getHost()).isEqualTo("127.0.0.1");
    assertThat(emulators.dynamoDbLocal().isRunning()).isTrue();
    assertThat(emulators.s3Mock().isRunning()).isTrue();
    assertThat(emulators.dynamoDbLocal().logFile()).exists();
    assertThat(emulators.s3Mock().logFile()).exists();
  }

  @Test
  void sharedClientsReachTheSameEmulators() throws Exception {
    Emulators emulators = SharedEmulators.get();
    String bucket = uniqueName("shared");

    emulators.s3().createBucket(request -> request.bucket(bucket));

    try (var other = emulators.endpoints().newS3Client()) {
      assertThat(other.listBuckets().buckets())
          .anySatisfy(b -> assertThat(b.name()).isEqualTo(bucket));
    }
    assertThat(emulators.dynamoDb().listTables().tableNames()).isNotNull();
    assertThat(Files.size(emulators.s3Mock().logFile())).isPositive();
  }
}
