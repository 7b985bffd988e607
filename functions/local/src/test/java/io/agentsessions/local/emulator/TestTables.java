package io.agentsessions.local.emulator;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Test tables: one string hash key {@code pk}, on demand. */
final class TestTables {

  private TestTables() {}

  static void create(DynamoDbClient dynamoDb, String table) {
    dynamoDb.createTable(
        request ->
            request
                .tableName(table)
                .keySchema(
                    KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("pk")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    dynamoDb.waiter().waitUntilTableExists(request -> request.tableName(table));
  }
}
