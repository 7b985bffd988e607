package io.agentsessions.core.session.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsessions.core.error.PayloadTooLargeException;
import io.agentsessions.core.error.StoreUnavailableException;
import io.agentsessions.core.json.Json;
import io.agentsessions.core.session.SessionKey;
import io.agentsessions.core.session.SessionRecord;
import io.agentsessions.core.session.SessionSettings;
import io.agentsessions.core.session.SessionStore;
import io.agentsessions.core.session.StaleSessionException;
import io.agentsessions.core.session.StoredItem;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@link SessionStore} on one DynamoDB table with a string partition key {@code pk} and sort key
 * {@code sk}, and native TTL on {@code expiresAt}.
 *
 * <p>Layout, per session ({@code pk = S#<owner>#<sessionId>}, owner URL-encoded so that it can
 * never forge another owner's prefix):
 * <ul>
 *   <li>{@code sk = META}: the record (version, incarnation, times, context, data, settings, count);</li>
 *   <li>{@code sk = M#<incarnation>#<seq, 19 digits>}: one item each.</li>
 * </ul>
 * A turn is one {@code TransactWriteItems}: the record, conditional on its version, plus one put
 * per item. Appending costs the same at 10 or 100,000 items; reading the model's window is one
 * query bounded by {@code maxHistory}.
 */
public final class DynamoDbSessionStore implements SessionStore {
    static final String PK = "pk";
    static final String SK = "sk";
    static final String META = "META";
    static final String ITEM_PREFIX = "M#";
    /** DynamoDB's 400 KB item limit, less room for keys and attributes. */
    public static final int MAX_ITEM_JSON_BYTES = 380 * 1024;
    private static final int BATCH_WRITE_LIMIT = 25;

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Consumer<ConsumedCapacity> capacityListener;

    private DynamoDbSessionStore(Builder builder) {
        this.dynamoDb = Objects.requireNonNull(builder.dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(builder.tableName, "tableName");
        this.capacityListener = builder.capacityListener;
    }

    /** A builder; client and table name are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<SessionRecord> load(SessionKey key) {
        var response = call(() -> dynamoDb.getItem(r -> r.tableName(tableName).key(metaKey(key)).consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
        report(response.consumedCapacity());
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(toRecord(key, response.item()))
                : Optional.empty();
    }

    @Override
    public List<StoredItem> items(SessionRecord session, long fromSeq, long toSeq, boolean ascending, int limit) {
        if (fromSeq >= toSeq || limit <= 0) {
            return List.of();
        }
        String pk = partitionKey(session.key());
        QueryRequest request = QueryRequest.builder()
                .tableName(tableName)
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(
                        ":pk", s(pk),
                        ":from", s(itemSortKey(session.incarnation(), fromSeq)),
                        ":to", s(itemSortKey(session.incarnation(), toSeq - 1))))
                .scanIndexForward(ascending)
                .consistentRead(true)
                .limit(limit)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .build();
        List<StoredItem> result = new ArrayList<>(Math.min(limit, 1024));
        Map<String, AttributeValue> startKey = null;
        do {
            QueryRequest page = startKey == null ? request : request.toBuilder().exclusiveStartKey(startKey)
                    .limit(limit - result.size()).build();
            QueryResponse response = call(() -> dynamoDb.query(page));
            report(response.consumedCapacity());
            response.items().forEach(item -> result.add(toStoredItem(item)));
            startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (startKey != null && result.size() < limit);
        return List.copyOf(result);
    }

    @Override
    public void commit(Optional<SessionRecord> expected, SessionRecord next, List<StoredItem> newItems) {
        Put meta = Put.builder()
                .tableName(tableName)
                .item(toItem(next))
                .conditionExpression(expected.isPresent() ? "#v = :v" : "attribute_not_exists(#pk)")
                .expressionAttributeNames(expected.isPresent() ? Map.of("#v", "version") : Map.of("#pk", PK))
                .expressionAttributeValues(expected.map(e -> Map.of(":v", n(e.version()))).orElse(null))
                .build();
        if (newItems.isEmpty()) {
            putSingle(next.key(), meta);
            return;
        }
        List<TransactWriteItem> actions = new ArrayList<>(newItems.size() + 1);
        actions.add(TransactWriteItem.builder().put(meta).build());
        String pk = partitionKey(next.key());
        for (StoredItem item : newItems) {
            actions.add(TransactWriteItem.builder().put(p -> p.tableName(tableName)
                    .item(toItem(pk, next.incarnation(), item))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK))).build());
        }
        try {
            var response = call(() -> dynamoDb.transactWriteItems(r -> r.transactItems(actions)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
            if (response.hasConsumedCapacity()) {
                response.consumedCapacity().forEach(this::report);
            }
        } catch (TransactionCanceledException e) {
            if (isConflict(e)) {
                throw new StaleSessionException(next.key(), e);
            }
            throw new StoreUnavailableException("The session store rejected the turn; nothing was written.", e);
        }
    }

    @Override
    public void remove(SessionRecord expected) {
        try {
            var response = call(() -> dynamoDb.deleteItem(r -> r.tableName(tableName).key(metaKey(expected.key()))
                    .conditionExpression("#v = :v")
                    .expressionAttributeNames(Map.of("#v", "version"))
                    .expressionAttributeValues(Map.of(":v", n(expected.version())))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
            report(response.consumedCapacity());
        } catch (ConditionalCheckFailedException e) {
            throw new StaleSessionException(expected.key(), e);
        }
    }

    @Override
    public boolean purge(SessionKey key, String keep, Instant deadline) {
        String pk = partitionKey(key);
        Map<String, AttributeValue> startKey = null;
        do {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            QueryRequest.Builder query = QueryRequest.builder()
                    .tableName(tableName)
                    .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                    .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":prefix", s(ITEM_PREFIX)))
                    .projectionExpression("#pk, #sk")
                    .limit(500)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
            if (startKey != null) {
                query.exclusiveStartKey(startKey);
            }
            QueryResponse page = call(() -> dynamoDb.query(query.build()));
            report(page.consumedCapacity());
            String keepPrefix = keep == null ? null : ITEM_PREFIX + keep + "#";
            List<WriteRequest> deletes = page.items().stream()
                    .filter(item -> keepPrefix == null || !item.get(SK).s().startsWith(keepPrefix))
                    .map(item -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(item).build()).build())
                    .toList();
            for (int i = 0; i < deletes.size(); i += BATCH_WRITE_LIMIT) {
                batchDelete(deletes.subList(i, Math.min(deletes.size(), i + BATCH_WRITE_LIMIT)));
            }
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return true;
    }

    private void batchDelete(List<WriteRequest> deletes) {
        Map<String, List<WriteRequest>> pending = Map.of(tableName, deletes);
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt > 0) {
                backoff(attempt);
            }
            Map<String, List<WriteRequest>> request = pending;
            BatchWriteItemResponse response = call(() -> dynamoDb.batchWriteItem(r -> r.requestItems(request)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
            if (response.hasConsumedCapacity()) {
                response.consumedCapacity().forEach(this::report);
            }
            pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            if (attempt > 8 && !pending.isEmpty()) {
                throw new StoreUnavailableException("The session store kept throttling deletes.", null);
            }
        }
    }

    private void putSingle(SessionKey key, Put meta) {
        try {
            var response = call(() -> dynamoDb.putItem(r -> r.tableName(meta.tableName()).item(meta.item())
                    .conditionExpression(meta.conditionExpression())
                    .expressionAttributeNames(meta.expressionAttributeNames())
                    .expressionAttributeValues(meta.hasExpressionAttributeValues()
                            ? meta.expressionAttributeValues() : null)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
            report(response.consumedCapacity());
        } catch (ConditionalCheckFailedException e) {
            throw new StaleSessionException(key, e);
        }
    }

    private static boolean isConflict(TransactionCanceledException e) {
        if (!e.hasCancellationReasons()) {
            return false;
        }
        for (CancellationReason reason : e.cancellationReasons()) {
            String code = reason.code();
            if ("ConditionalCheckFailed".equals(code) || "TransactionConflict".equals(code)) {
                return true;
            }
        }
        return false;
    }

    /** Runs a call, turning SDK failures other than the ones callers handle into StoreUnavailableException. */
    private static <T> T call(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (ConditionalCheckFailedException | TransactionCanceledException e) {
            throw e;
        } catch (SdkException e) {
            throw new StoreUnavailableException("The session store is unavailable; nothing was written.", e);
        }
    }

    private static void backoff(int attempt) {
        try {
            Thread.sleep(Math.min(1000, 20L << Math.min(attempt, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("Interrupted while retrying", e);
        }
    }

    private void report(ConsumedCapacity capacity) {
        if (capacity != null && capacityListener != null) {
            capacityListener.accept(capacity);
        }
    }

    // ---- mapping -------------------------------------------------------------------------------

    /** Partition key of a session. URL-encoding the owner keeps '#' out of it. */
    static String partitionKey(SessionKey key) {
        return "S#" + URLEncoder.encode(key.owner(), StandardCharsets.UTF_8) + "#" + key.sessionId();
    }

    static String itemSortKey(String incarnation, long seq) {
        return ITEM_PREFIX + incarnation + "#" + String.format("%019d", seq);
    }

    private static Map<String, AttributeValue> metaKey(SessionKey key) {
        return Map.of(PK, s(partitionKey(key)), SK, s(META));
    }

    private static Map<String, AttributeValue> toItem(SessionRecord record) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(partitionKey(record.key())));
        item.put(SK, s(META));
        item.put("version", n(record.version()));
        item.put("incarnation", s(record.incarnation()));
        item.put("createdAt", n(record.createdAt().toEpochMilli()));
        item.put("updatedAt", n(record.updatedAt().toEpochMilli()));
        if (record.expiresAt() != null) {
            item.put("expiresAt", n(record.expiresAt().getEpochSecond()));
        }
        item.put("context", s(Json.write(record.context())));
        item.put("data", s(Json.write(record.data())));
        if (record.settings().maxHistory() != null) {
            item.put("maxHistory", n(record.settings().maxHistory()));
        }
        if (record.settings().ttlSeconds() != null) {
            item.put("ttlSeconds", n(record.settings().ttlSeconds()));
        }
        item.put("itemCount", n(record.itemCount()));
        return item;
    }

    private static SessionRecord toRecord(SessionKey key, Map<String, AttributeValue> item) {
        AttributeValue expires = item.get("expiresAt");
        AttributeValue maxHistory = item.get("maxHistory");
        AttributeValue ttl = item.get("ttlSeconds");
        return new SessionRecord(key,
                Long.parseLong(item.get("version").n()),
                item.get("incarnation").s(),
                Instant.ofEpochMilli(Long.parseLong(item.get("createdAt").n())),
                Instant.ofEpochMilli(Long.parseLong(item.get("updatedAt").n())),
                expires == null ? null : Instant.ofEpochSecond(Long.parseLong(expires.n())),
                Json.readObject(item.get("context").s()),
                Json.readObject(item.get("data").s()),
                new SessionSettings(maxHistory == null ? null : Integer.valueOf(maxHistory.n()),
                        ttl == null ? null : Long.valueOf(ttl.n())),
                Long.parseLong(item.get("itemCount").n()));
    }

    private static Map<String, AttributeValue> toItem(String pk, String incarnation, StoredItem stored) {
        String json = Json.write(stored.item());
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_ITEM_JSON_BYTES) {
            throw new PayloadTooLargeException("ITEM_TOO_LARGE",
                    "An item is larger than " + MAX_ITEM_JSON_BYTES + " bytes; nothing was written.");
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(pk));
        item.put(SK, s(itemSortKey(incarnation, stored.seq())));
        item.put("seq", n(stored.seq()));
        item.put("turnId", s(stored.turnId()));
        item.put("createdAt", n(stored.createdAt().toEpochMilli()));
        if (stored.agent() != null) {
            item.put("agent", s(stored.agent()));
        }
        item.put("item", s(json));
        return item;
    }

    private static StoredItem toStoredItem(Map<String, AttributeValue> item) {
        AttributeValue agent = item.get("agent");
        ObjectNode body = Json.readObject(item.get("item").s());
        return new StoredItem(Long.parseLong(item.get("seq").n()), item.get("turnId").s(),
                Instant.ofEpochMilli(Long.parseLong(item.get("createdAt").n())),
                agent == null ? null : agent.s(), body);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    /** Builder for {@link DynamoDbSessionStore}. */
    public static final class Builder {
        private DynamoDbClient dynamoDb;
        private String tableName;
        private Consumer<ConsumedCapacity> capacityListener;

        private Builder() {
        }

        /** The client, built once per container. */
        public Builder dynamoDb(DynamoDbClient dynamoDb) {
            this.dynamoDb = dynamoDb;
            return this;
        }

        public Builder tableName(String tableName) {
            this.tableName = tableName;
            return this;
        }

        /** Receives the consumed capacity of every call (metrics, benchmarks). */
        public Builder capacityListener(Consumer<ConsumedCapacity> capacityListener) {
            this.capacityListener = capacityListener;
            return this;
        }

        public DynamoDbSessionStore build() {
            return new DynamoDbSessionStore(this);
        }
    }
}
