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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

/** Data kept on disk survives a stop and a start on the same directory; close really stops. */
class EmulatorPersistenceIT {

  private final EmulatorSettings settings = EmulatorSettings.inMemory();

  @Test
  void dynamoDbLocalKeepsItemsAcrossARestartOnTheSameDbPath(@TempDir Path dataDir) {
    DynamoDbLocal.Options options =
        DynamoDbLocal.Options.inMemory(settings.dynamoDbLocalDir(), settings.logDir())
            .withDataDir(dataDir);
    Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("session#kept"));
    Map<String, AttributeValue> item =
        Map.of("pk", AttributeValue.fromS("session#kept"), "turns", AttributeValue.fromN("7"));

    try (DynamoDbLocal first = DynamoDbLocal.start(options);
        DynamoDbClient client = first.newClient()) {
      client.createTable(
          request ->
              request
                  .tableName("sessions")
                  .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                  .attributeDefinitions(
                      a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                  .billingMode(BillingMode.PAY_PER_REQUEST));
      client.putItem(request -> request.tableName("sessions").item(item));
    }
    assertThat(dataDir.resolve("shared-local-instance.db")).isNotEmptyFile();

    try (DynamoDbLocal second = DynamoDbLocal.start(options);
        DynamoDbClient client = second.newClient()) {
      assertThat(client.listTables().tableNames()).containsExactly("sessions");
      assertThat(
              client
                  .getItem(request -> request.tableName("sessions").key(key).consistentRead(true))
                  .item())
          .isEqualTo(item);
    }
  }

  @Test
  void s3MockKeepsObjectsAcrossARestartWithARetainedRoot(@TempDir Path rootDir) {
    S3Mock.Options options =
        S3Mock.Options.temporary(settings.s3MockJar(), settings.logDir())
            .withRootDir(rootDir)
            .withInitialBuckets(List.of("initial"));

    try (S3Mock first = S3Mock.start(options);
        S3Client client = first.newClient()) {
      client.createBucket(request -> request.bucket("transcripts"));
      client.putObject(
          request -> request.bucket("transcripts").key("sessions/kept.json"),
          RequestBody.fromString("{\"kept\":true}"));
    }
    assertThat(rootDir.resolve("transcripts")).isDirectory();

    try (S3Mock second = S3Mock.start(options);
        S3Client client = second.newClient()) {
      assertThat(client.listBuckets().buckets())
          .extracting(Bucket::name)
          .containsExactlyInAnyOrder("initial", "transcripts");
      assertThat(
              client
                  .getObjectAsBytes(
                      request -> request.bucket("transcripts").key("sessions/kept.json"))
                  .asUtf8String())
          .isEqualTo("{\"kept\":true}");
    }
  }

  @Test
  void closeStopsTheProcessAndFreesThePort() {
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

  @Test
  void emulatorsKeepBothStoresUnderOneDataDirectory(@TempDir Path dataDir) {
    EmulatorSettings kept = EmulatorSettings.persistent(dataDir);

    try (Emulators emulators = Emulators.start(kept)) {
      emulators.s3().createBucket(request -> request.bucket("kept-bucket"));
      emulators
          .dynamoDb()
          .createTable(
              request ->
                  request
                      .tableName("kept-table")
                      .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                      .attributeDefinitions(
                          a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                      .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    assertThat(dataDir.resolve("dynamodb/shared-local-instance.db")).isNotEmptyFile();
    assertThat(dataDir.resolve("s3/kept-bucket")).isDirectory();
  }

  private static void connect(int port) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.getPort();
    }
  }
}
