package io.agentsessions.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * What the project needs from any local DynamoDB + S3 backend, run against each backend by a
 * subclass that says where it is ({@link EmulatorsIT}, {@link LocalStackEmulatorsIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StorageRoundTripContract {

  private DynamoDbClient dynamoDb;
  private S3Client s3;

  /** Where the backend under test answers; called once, before the first test. */
  protected abstract AwsEndpoints endpoints();

  @BeforeAll
  void createClients() {
    AwsEndpoints endpoints = endpoints();
    dynamoDb = endpoints.newDynamoDbClient();
    s3 = endpoints.newS3Client();
  }

  @AfterAll
  void closeClients() {
    if (dynamoDb != null) {
      dynamoDb.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void putsAndGetsAnItemAndReportsTheConsumedCapacity() {
    // given
    String table = uniqueName("sessions");
    TestTables.create(dynamoDb, table);
    Map<String, AttributeValue> item =
        Map.of(
            "pk", AttributeValue.fromS("session#1"),
            "turns", AttributeValue.fromN("3"),
            "summary", AttributeValue.fromS("the user asked about sqlite4java"));

    // when
    PutItemResponse put =
        dynamoDb.putItem(
            request ->
                request
                    .tableName(table)
                    .item(item)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    GetItemResponse got =
        dynamoDb.getItem(
            request ->
                request
                    .tableName(table)
                    .key(Map.of("pk", AttributeValue.fromS("session#1")))
                    .consistentRead(true)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));

    // then
    assertThat(got.item()).isEqualTo(item);
    assertThat(put.consumedCapacity()).isNotNull();
    assertThat(put.consumedCapacity().tableName()).isEqualTo(table);
    assertThat(put.consumedCapacity().capacityUnits()).isPositive();
    assertThat(got.consumedCapacity()).isNotNull();
    assertThat(got.consumedCapacity().capacityUnits()).isPositive();
  }

  @Test
  void putsAndGetsAnObject() {
    // given
    String bucket = uniqueName("transcripts");
    String key = "sessions/session-1/turns/0001.json";
    String body = "{\"role\":\"user\",\"content\":\"héllo\"}";
    s3.createBucket(request -> request.bucket(bucket));

    // when
    s3.putObject(
        request -> request.bucket(bucket).key(key).contentType("application/json"),
        RequestBody.fromString(body, StandardCharsets.UTF_8));
    ResponseBytes<GetObjectResponse> got =
        s3.getObjectAsBytes(request -> request.bucket(bucket).key(key));

    // then
    assertThat(got.asUtf8String()).isEqualTo(body);
    assertThat(got.response().contentType()).isEqualTo("application/json");
    assertThat(s3.listObjectsV2(request -> request.bucket(bucket)).contents())
        .singleElement()
        .satisfies(object -> assertThat(object.key()).isEqualTo(key));
  }

  /** A name valid for both a table and a bucket, unique to this run. */
  static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
  }
}
