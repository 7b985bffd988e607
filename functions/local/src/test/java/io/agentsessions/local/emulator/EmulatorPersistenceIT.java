package io.agentsessions.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.Bucket;

/**
 * Data kept on disk survives a stop and a start on the same directory (DynamoDB Local with
 * {@code -dbPath}, S3Mock with a retained root), and close really stops the process. Both
 * emulators restart together to keep this class to two start-ups.
 */
class EmulatorPersistenceIT {

  private static final Map<String, AttributeValue> KEY =
      Map.of("pk", AttributeValue.fromS("session#kept"));
  private static final Map<String, AttributeValue> ITEM =
      Map.of("pk", AttributeValue.fromS("session#kept"), "turns", AttributeValue.fromN("7"));

  @Test
  void keepsItemsAndObjectsAcrossARestartOnTheSameDataDirectory(@TempDir Path dataDir) {
    EmulatorSettings settings =
        EmulatorSettings.persistent(dataDir).withInitialBuckets(List.of("initial"));

    // given: written, then stopped
    try (Emulators first = Emulators.start(settings)) {
      TestTables.create(first.dynamoDb(), "sessions");
      first.dynamoDb().putItem(request -> request.tableName("sessions").item(ITEM));
      first.s3().createBucket(request -> request.bucket("transcripts"));
      first
          .s3()
          .putObject(
              request -> request.bucket("transcripts").key("sessions/kept.json"),
              RequestBody.fromString("{\"kept\":true}"));
    }
    assertThat(dataDir.resolve("dynamodb/shared-local-instance.db")).isNotEmptyFile();
    assertThat(dataDir.resolve("s3/transcripts")).isDirectory();

    // when: started again on the same directory
    try (Emulators second = Emulators.start(settings)) {

      // then
      assertThat(second.dynamoDb().listTables().tableNames()).containsExactly("sessions");
      assertThat(
              second
                  .dynamoDb()
                  .getItem(request -> request.tableName("sessions").key(KEY).consistentRead(true))
                  .item())
          .isEqualTo(ITEM);
      assertThat(second.s3().listBuckets().buckets())
          .extracting(Bucket::name)
          .containsExactlyInAnyOrder("initial", "transcripts");
      assertThat(
              second
                  .s3()
                  .getObjectAsBytes(
                      request -> request.bucket("transcripts").key("sessions/kept.json"))
                  .asUtf8String())
          .isEqualTo("{\"kept\":true}");
    }
  }

  @Test
  void closeStopsTheProcessAndFreesThePort() {
    EmulatorSettings settings = EmulatorSettings.inMemory();
    DynamoDbLocal dynamoDbLocal =
        DynamoDbLocal.start(
            DynamoDbLocal.Options.inMemory(settings.dynamoDbLocalDir(), settings.logDir()));
    long pid = dynamoDbLocal.pid();
    int port = dynamoDbLocal.port();

    dynamoDbLocal.close();

    assertThat(dynamoDbLocal.isRunning()).isFalse();
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThatThrownBy(() -> connect(port)).isInstanceOf(IOException.class);
  }

  private static void connect(int port) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.getPort();
    }
  }
}
