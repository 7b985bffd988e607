package io.agentsessions.core.session.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Creates the session table the way {@code template.yaml} declares it, for local runs and tests
 * (in AWS, CloudFormation owns the table).
 */
public final class SessionTable {
    /** The TTL attribute: epoch seconds. */
    public static final String TTL_ATTRIBUTE = "expiresAt";

    private SessionTable() {
    }

    /** Creates the table with TTL enabled if it does not exist yet, and waits until it is active. */
    public static void createIfMissing(DynamoDbClient dynamoDb, String tableName) {
        try {
            dynamoDb.createTable(r -> r.tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName(DynamoDbSessionStore.PK)
                                    .attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(DynamoDbSessionStore.SK)
                                    .attributeType(ScalarAttributeType.S).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName(DynamoDbSessionStore.PK).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(DynamoDbSessionStore.SK).keyType(KeyType.RANGE).build())
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        } catch (ResourceInUseException alreadyExists) {
            return;
        }
        dynamoDb.waiter().waitUntilTableExists(r -> r.tableName(tableName));
        dynamoDb.updateTimeToLive(r -> r.tableName(tableName)
                .timeToLiveSpecification(t -> t.enabled(true).attributeName(TTL_ATTRIBUTE)));
    }
}
