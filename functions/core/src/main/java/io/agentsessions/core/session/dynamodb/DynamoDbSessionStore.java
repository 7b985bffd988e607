package io.agentsessions.core.session.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsessions.core.blob.BlobLayout;
import io.agentsessions.core.blob.BlobNotFoundException;
import io.agentsessions.core.blob.BlobStore;
import io.agentsessions.core.blob.Gzip;
import io.agentsessions.core.error.PayloadTooLargeException;
import io.agentsessions.core.error.StoreUnavailableException;
import io.agentsessions.core.error.StoredDataUnreadableException;
import io.agentsessions.core.json.Json;
import io.agentsessions.core.session.SessionKey;
import io.agentsessions.core.session.SessionRecord;
import io.agentsessions.core.session.SessionSettings;
import io.agentsessions.core.session.SessionStore;
import io.agentsessions.core.session.StaleSessionException;
import io.agentsessions.core.session.StoredItem;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
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
 * {@link SessionStore} on one DynamoDB table ({@code pk}/{@code sk} strings, native TTL on
 * {@code expiresAt}) and, for what does not fit there, a {@link BlobStore} (S3).
 *
 * <p>Layout, per session ({@code pk = S#<url-encoded owner>#<sessionId>}):
 * <ul>
 *   <li>{@code META}: the record (version, incarnation, times, context, data, settings, counts);</li>
 *   <li>{@code M#<incarnation>#<seq>}: one <em>hot</em> item each; an item whose JSON is over the
 *       large-item threshold is stored gzip-compressed in S3 and the DynamoDB item holds a pointer;</li>
 *   <li>{@code A#<incarnation>#<firstSeq>}: one per <em>archive chunk</em>, a gzip JSON-lines object in
 *       S3 holding a contiguous run of older items (large ones stay in their own objects).</li>
 * </ul>
 * A turn is one {@code TransactWriteItems}: the record, conditional on its version, plus one put
 * per item (large items are written to S3 first under keys fixed by turn and position, so a retry
 * overwrites rather than duplicates, and an unreferenced object is invisible). Appending and
 * reading a page cost the same at 10 items or a million.
 */
public final class DynamoDbSessionStore implements SessionStore {
    static final String PK = "pk";
    static final String SK = "sk";
    static final String META = "META";
    static final String ITEM_PREFIX = "M#";
    static final String CHUNK_PREFIX = "A#";
    /** Marks an incarnation that was dropped (clear, delete, restart) until its purge has finished. */
    public static final String PURGE_PREFIX = "P#";
    /** Largest item kept inline when there is no blob store: DynamoDB's 400 KB limit, less keys and attributes. */
    public static final int MAX_INLINE_ITEM_BYTES = 380 * 1024;
    private static final int BATCH_WRITE_LIMIT = 25;
    /** Inline item JSON one turn's transaction may carry: DynamoDB allows 4 MB per transaction in all. */
    private static final long TRANSACTION_INLINE_BYTES = 3L * 1024 * 1024;

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final CapacityListener capacityListener;
    private final BlobStore blobs;
    private final BlobLayout layout;
    private final int largeItemBytes;
    private final int chunkItems;
    private final int chunkBytes;
    private final long archiveHotLimit;

    private DynamoDbSessionStore(Builder builder) {
        this.dynamoDb = Objects.requireNonNull(builder.dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(builder.tableName, "tableName");
        this.capacityListener = builder.capacityListener;
        this.blobs = builder.blobs;
        this.layout = builder.layout;
        this.largeItemBytes = builder.largeItemBytes;
        this.chunkItems = builder.chunkItems;
        this.chunkBytes = builder.chunkBytes;
        this.archiveHotLimit = builder.archiveHotLimit;
    }

    /** A builder; client and table name are required, the blob store is needed for large items and archives. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- reads ---------------------------------------------------------------------------------

    @Override
    public Optional<SessionRecord> load(SessionKey key) {
        var response = call(() -> dynamoDb.getItem(r -> r.tableName(tableName).key(metaKey(key)).consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
        report("GetItem", response.consumedCapacity());
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(toRecord(key, response.item()))
                : Optional.empty();
    }

    @Override
    public List<StoredItem> items(SessionRecord session, long fromSeq, long toSeq, boolean ascending, int limit,
                                  long maxBytes) {
        toSeq = Math.min(toSeq, session.itemCount());
        if (fromSeq >= toSeq || limit <= 0) {
            return List.of();
        }
        Page page = new Page(limit, maxBytes);
        long archived = session.archivedCount();
        try {
            if (ascending) {
                if (fromSeq < archived) {
                    readArchived(session, fromSeq, Math.min(toSeq, archived), true, page);
                }
                if (!page.full() && toSeq > archived) {
                    readHot(session, Math.max(fromSeq, archived), toSeq, true, page);
                }
            } else {
                if (toSeq > archived) {
                    readHot(session, Math.max(fromSeq, archived), toSeq, false, page);
                }
                if (!page.full() && fromSeq < archived) {
                    readArchived(session, fromSeq, Math.min(toSeq, archived), false, page);
                }
            }
        } catch (BlobNotFoundException | UncheckedIOException | IllegalStateException e) {
            throw new StoredDataUnreadableException(session.key().sessionId(), e);
        }
        return List.copyOf(page.items);
    }

    /**
     * Hot items: one query (more only if DynamoDB's 1 MB page limit cuts it), large items fetched
     * from S3. An archive step may commit between loading the record and this query and delete
     * the lowest hot items; such a gap is filled from the archive, whose index entry was committed
     * before the delete, so a page never silently skips items.
     */
    private void readHot(SessionRecord session, long from, long to, boolean ascending, Page page) {
        QueryRequest request = hotRange(session, from, to).scanIndexForward(ascending).limit(page.remaining()).build();
        long expected = ascending ? from : to - 1;
        Map<String, AttributeValue> startKey = null;
        do {
            QueryRequest next = startKey == null ? request
                    : request.toBuilder().exclusiveStartKey(startKey).limit(page.remaining()).build();
            QueryResponse response = call(() -> dynamoDb.query(next));
            report("Query", response.consumedCapacity());
            for (Map<String, AttributeValue> item : response.items()) {
                Entry entry = pointerOrInline(item);
                if (ascending && entry.seq > expected && !fillFromArchive(session, expected, entry.seq, true, page)) {
                    return;
                }
                if (!page.offer(entry, this::resolve)) {
                    return;
                }
                expected = ascending ? entry.seq + 1 : entry.seq - 1;
            }
            startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (startKey != null && !page.full());
        if (startKey == null && !page.full()) {
            if (ascending && expected < to) {
                fillFromArchive(session, expected, to, true, page);
            } else if (!ascending && expected >= from) {
                fillFromArchive(session, from, expected + 1, false, page);
            }
        }
    }

    /** Reads items archived while the page was being read; false when the page is complete or the session was cleared. */
    private boolean fillFromArchive(SessionRecord session, long from, long to, boolean ascending, Page page) {
        try {
            readArchived(session, from, to, ascending, page);
            return !page.full();
        } catch (MissingChunkException clearedMeanwhile) {
            return false;
        }
    }

    /**
     * Archived items: the chunk holding the first wanted item is found with one query on the
     * chunk index; chunks are contiguous, so each following one is at a known key. One S3 read
     * per chunk touched.
     */
    private void readArchived(SessionRecord session, long from, long to, boolean ascending, Page page) {
        long cursor = ascending ? from : to - 1;
        while (!page.full() && cursor >= from && cursor < to) {
            Chunk chunk = chunkContaining(session, cursor);
            List<Entry> entries = readChunk(chunk);
            if (ascending) {
                for (Entry entry : entries) {
                    if (entry.seq >= cursor && entry.seq < to && !page.offer(entry, this::resolve)) {
                        return;
                    }
                }
                cursor = chunk.firstSeq + chunk.count;
            } else {
                for (int i = entries.size() - 1; i >= 0; i--) {
                    Entry entry = entries.get(i);
                    if (entry.seq <= cursor && entry.seq >= from && !page.offer(entry, this::resolve)) {
                        return;
                    }
                }
                cursor = chunk.firstSeq - 1;
            }
        }
    }

    private Chunk chunkContaining(SessionRecord session, long seq) {
        QueryResponse response = call(() -> dynamoDb.query(r -> r.tableName(tableName)
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :lo AND :hi")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(
                        ":pk", s(partitionKey(session.key())),
                        ":lo", s(chunkSortKey(session.incarnation(), 0)),
                        ":hi", s(chunkSortKey(session.incarnation(), seq))))
                .scanIndexForward(false)
                .limit(1)
                .consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
        report("Query", response.consumedCapacity());
        if (response.items().isEmpty()) {
            throw new MissingChunkException(seq);
        }
        Map<String, AttributeValue> item = response.items().get(0);
        Chunk chunk = new Chunk(Long.parseLong(item.get("firstSeq").n()), Long.parseLong(item.get("count").n()),
                item.get("blob").s());
        if (seq >= chunk.firstSeq + chunk.count) {
            throw new IllegalStateException("archive chunks do not cover item " + seq);
        }
        return chunk;
    }

    private List<Entry> readChunk(Chunk chunk) {
        String text = new String(Gzip.decompress(requireBlobs().get(chunk.blobKey)), StandardCharsets.UTF_8);
        List<Entry> entries = new ArrayList<>((int) chunk.count);
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                entries.add(Entry.fromJson(Json.readObject(line)));
            }
        }
        if (entries.size() != chunk.count || entries.get(0).seq != chunk.firstSeq) {
            throw new IllegalStateException("archive chunk " + chunk.blobKey + " does not match its index");
        }
        return entries;
    }

    private ObjectNode resolve(Entry entry) {
        if (entry.inline != null) {
            return entry.inline;
        }
        return Json.readObject(new String(Gzip.decompress(requireBlobs().get(entry.blobKey)), StandardCharsets.UTF_8));
    }

    // ---- writes --------------------------------------------------------------------------------

    @Override
    public void commit(Optional<SessionRecord> expected, SessionRecord next, List<StoredItem> newItems) {
        Put meta = metaPut(expected, next);
        boolean dropsIncarnation = expected.isPresent() && !expected.get().incarnation().equals(next.incarnation());
        if (newItems.isEmpty() && !dropsIncarnation) {
            putSingle(next.key(), meta);
            return;
        }
        String pk = partitionKey(next.key());
        List<TransactWriteItem> actions = new ArrayList<>(newItems.size() + 2);
        actions.add(TransactWriteItem.builder().put(meta).build());
        if (dropsIncarnation) {
            actions.add(purgeMarker(expected.get()));
        }
        long inlineBudget = TRANSACTION_INLINE_BYTES;
        for (int i = 0; i < newItems.size(); i++) {
            byte[] json = Json.write(newItems.get(i).item()).getBytes(StandardCharsets.UTF_8);
            // Large items go to S3; so do smaller ones once the turn's inline items near the 4 MB transaction limit.
            boolean spill = blobs != null && (json.length > largeItemBytes || json.length > inlineBudget);
            if (!spill) {
                inlineBudget -= json.length;
                if (inlineBudget < 0) {
                    throw new PayloadTooLargeException("ITEM_TOO_LARGE", "The turn's items are larger than one write"
                            + " can hold and this deployment has no object store for large items; nothing was written.");
                }
            }
            Map<String, AttributeValue> item = toItem(pk, next.key(), next.incarnation(), newItems.get(i), i, json, spill);
            actions.add(TransactWriteItem.builder().put(p -> p.tableName(tableName).item(item)
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK))).build());
        }
        transact(next.key(), actions, "The session store rejected the turn; nothing was written.");
    }

    @Override
    public void remove(SessionRecord expected) {
        transact(expected.key(), List.of(
                TransactWriteItem.builder().delete(d -> d.tableName(tableName).key(metaKey(expected.key()))
                        .conditionExpression("#v = :v")
                        .expressionAttributeNames(Map.of("#v", "version"))
                        .expressionAttributeValues(Map.of(":v", n(expected.version())))).build(),
                purgeMarker(expected)),
                "The session store rejected the delete; nothing was changed.");
    }

    /** The marker of a dropped incarnation, written with the change that drops it (idempotent). */
    private TransactWriteItem purgeMarker(SessionRecord dropped) {
        Map<String, AttributeValue> marker = new HashMap<>();
        marker.put(PK, s(partitionKey(dropped.key())));
        marker.put(SK, s(PURGE_PREFIX + dropped.incarnation()));
        marker.put("incarnation", s(dropped.incarnation()));
        marker.put("droppedAt", n(Instant.now().toEpochMilli()));
        return TransactWriteItem.builder().put(p -> p.tableName(tableName).item(marker)).build();
    }

    @Override
    public List<String> pendingPurges(SessionKey key, int max) {
        QueryResponse response = call(() -> dynamoDb.query(r -> r.tableName(tableName)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :p)")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s(partitionKey(key)), ":p", s(PURGE_PREFIX)))
                .limit(max)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
        report("Query", response.consumedCapacity());
        return response.items().stream().map(item -> item.get(SK).s().substring(PURGE_PREFIX.length())).toList();
    }

    @Override
    public Optional<SessionRecord> archive(SessionRecord expected, long beforeSeq) {
        if (blobs == null) {
            return Optional.empty();
        }
        long first = expected.archivedCount();
        long end = Math.min(beforeSeq, expected.itemCount());
        deleteHot(expected, 0, first); // leftovers of an earlier step that stopped after its commit
        if (end <= first) {
            return Optional.empty();
        }
        // Read the oldest hot items as stored (pointers stay pointers) and cut a chunk.
        List<Map<String, AttributeValue>> hot = queryRaw(expected, first, Math.min(end, first + chunkItems));
        List<Entry> chunk = new ArrayList<>(hot.size());
        long bytes = 0;
        for (Map<String, AttributeValue> raw : hot) {
            Entry entry = pointerOrInline(raw);
            if (entry.seq != first + chunk.size()) {
                throw gapInHotItems(expected, first + chunk.size());
            }
            if (!chunk.isEmpty() && bytes + entry.bytes > chunkBytes) {
                break;
            }
            chunk.add(entry);
            bytes += entry.bytes;
        }
        if (chunk.isEmpty()) {
            throw gapInHotItems(expected, first);
        }
        // 1. The chunk object, at a key fixed by its first item: a retried step writes the same bytes again.
        StringBuilder lines = new StringBuilder();
        chunk.forEach(entry -> lines.append(Json.write(entry.toJson())).append('\n'));
        String blobKey = layout.archiveChunk(expected.key(), expected.incarnation(), first, chunk.size());
        requireBlobs().put(blobKey, Gzip.compress(lines.toString().getBytes(StandardCharsets.UTF_8)));

        // 2. The record's boundary and the chunk's index entry, together, only if nothing changed meanwhile.
        long archivedCount = first + chunk.size();
        SessionRecord next = new SessionRecord(expected.key(), expected.version() + 1, expected.incarnation(),
                expected.createdAt(), expected.updatedAt(), expected.expiresAt(), expected.context(), expected.data(),
                expected.settings(), expected.itemCount(), archivedCount);
        commitChunk(expected, next, first, chunk.size(), bytes, blobKey, "archive step");

        // 3. The archived hot items are now unreachable (reads go by archivedCount); delete them.
        deleteHot(next, first, archivedCount);
        return Optional.of(next);
    }

    /**
     * Imports history straight into the archive: {@code items} (sequence numbers continuing from
     * {@code expected.itemCount()}) become one chunk, and the record's item and archived counts
     * advance together. Only for a session with no hot items; for bulk loads (and benchmarks)
     * of histories that are old by definition. Same idempotent write order as an archive step.
     *
     * @throws StaleSessionException if the stored record is not {@code expected}; nothing is visible
     */
    public SessionRecord appendArchived(SessionRecord expected, List<StoredItem> items) {
        if (expected.hotCount() != 0 || items.isEmpty()) {
            throw new IllegalArgumentException("appendArchived needs a session without hot items and some items");
        }
        long first = expected.itemCount();
        StringBuilder lines = new StringBuilder();
        long bytes = 0;
        for (int i = 0; i < items.size(); i++) {
            StoredItem item = items.get(i);
            if (item.seq() != first + i) {
                throw new IllegalArgumentException("items must continue the session's sequence");
            }
            String json = Json.write(item.item());
            Entry entry = new Entry(item.seq(), item.turnId(), item.createdAt().toEpochMilli(), item.agent(),
                    item.item(), null, json.length());
            lines.append(Json.write(entry.toJson())).append('\n');
            bytes += json.length();
        }
        String blobKey = layout.archiveChunk(expected.key(), expected.incarnation(), first, items.size());
        requireBlobs().put(blobKey, Gzip.compress(lines.toString().getBytes(StandardCharsets.UTF_8)));
        long count = first + items.size();
        SessionRecord next = new SessionRecord(expected.key(), expected.version() + 1, expected.incarnation(),
                expected.createdAt(), expected.updatedAt(), expected.expiresAt(), expected.context(), expected.data(),
                expected.settings(), count, count);
        commitChunk(expected, next, first, items.size(), bytes, blobKey, "import");
        return next;
    }

    /** Commits a written chunk: the record's new counts and the chunk's index entry, together, only if nothing changed. */
    private void commitChunk(SessionRecord expected, SessionRecord next, long first, int count, long bytes,
                             String blobKey, String what) {
        Map<String, AttributeValue> index = new HashMap<>();
        index.put(PK, s(partitionKey(expected.key())));
        index.put(SK, s(chunkSortKey(expected.incarnation(), first)));
        index.put("firstSeq", n(first));
        index.put("count", n(count));
        index.put("bytes", n(bytes));
        index.put("blob", s(blobKey));
        transact(expected.key(), List.of(
                TransactWriteItem.builder().put(metaPut(Optional.of(expected), next)).build(),
                TransactWriteItem.builder().put(p -> p.tableName(tableName).item(index)
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", PK))).build()),
                "The session store rejected the " + what + "; nothing was changed.");
    }

    /** Hot items missing: another archiver won the race (stale), or the data is really gone. */
    private RuntimeException gapInHotItems(SessionRecord expected, long seq) {
        boolean changed = load(expected.key()).map(SessionRecord::version).orElse(-1L) != expected.version();
        return changed ? new StaleSessionException(expected.key(), null)
                : new StoredDataUnreadableException(expected.key().sessionId(),
                        new IllegalStateException("hot item " + seq + " is missing"));
    }

    @Override
    public boolean purge(SessionKey key, String incarnation, Instant deadline) {
        String pk = partitionKey(key);
        if (!purgeRange(pk, CHUNK_PREFIX + incarnation + "#", CHUNK_PREFIX + incarnation + "#\uffff", deadline)
                || !purgeRange(pk, ITEM_PREFIX + incarnation + "#", ITEM_PREFIX + incarnation + "#\uffff", deadline)) {
            return false;
        }
        if (blobs != null) {
            String prefix = layout.incarnation(key, incarnation);
            for (List<String> listed = blobs.list(prefix, null, 1000); !listed.isEmpty();
                 listed = blobs.list(prefix, null, 1000)) {
                if (Instant.now().isAfter(deadline)) {
                    return false;
                }
                blobs.delete(listed);
            }
        }
        // Everything of the incarnation is gone: only now may its marker go.
        var response = call(() -> dynamoDb.deleteItem(r -> r.tableName(tableName)
                .key(Map.of(PK, s(pk), SK, s(PURGE_PREFIX + incarnation)))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
        report("DeleteItem", response.consumedCapacity());
        return true;
    }

    private boolean purgeRange(String pk, String from, String to, Instant deadline) {
        Map<String, AttributeValue> startKey = null;
        do {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            QueryRequest.Builder query = QueryRequest.builder()
                    .tableName(tableName)
                    .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                    .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":from", s(from), ":to", s(to)))
                    .projectionExpression("#pk, #sk")
                    .limit(500)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
            if (startKey != null) {
                query.exclusiveStartKey(startKey);
            }
            QueryResponse page = call(() -> dynamoDb.query(query.build()));
            report("Query", page.consumedCapacity());
            batchDelete(page.items());
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return true;
    }

    /** Deletes hot items with {@code from <= seq < to} that still exist (keys only, no reads of the items). */
    private void deleteHot(SessionRecord session, long from, long to) {
        if (from >= to) {
            return;
        }
        purgeRange(partitionKey(session.key()), itemSortKey(session.incarnation(), from),
                itemSortKey(session.incarnation(), to - 1), Instant.MAX);
    }

    /** A strongly consistent query of the session's hot items with {@code from <= seq < to}. */
    private QueryRequest.Builder hotRange(SessionRecord session, long from, long to) {
        return QueryRequest.builder()
                .tableName(tableName)
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(
                        ":pk", s(partitionKey(session.key())),
                        ":from", s(itemSortKey(session.incarnation(), from)),
                        ":to", s(itemSortKey(session.incarnation(), to - 1))))
                .consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
    }

    private List<Map<String, AttributeValue>> queryRaw(SessionRecord session, long from, long to) {
        List<Map<String, AttributeValue>> result = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            QueryRequest.Builder query = hotRange(session, from, to);
            if (startKey != null) {
                query.exclusiveStartKey(startKey);
            }
            QueryResponse page = call(() -> dynamoDb.query(query.build()));
            report("Query", page.consumedCapacity());
            result.addAll(page.items());
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return result;
    }

    private void batchDelete(List<Map<String, AttributeValue>> keys) {
        for (int i = 0; i < keys.size(); i += BATCH_WRITE_LIMIT) {
            List<WriteRequest> batch = keys.subList(i, Math.min(keys.size(), i + BATCH_WRITE_LIMIT)).stream()
                    .map(key -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build())
                    .toList();
            Map<String, List<WriteRequest>> pending = Map.of(tableName, batch);
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                if (attempt > 8) {
                    throw new StoreUnavailableException("The session store kept throttling deletes.", null);
                }
                if (attempt > 0) {
                    backoff(attempt);
                }
                Map<String, List<WriteRequest>> request = pending;
                BatchWriteItemResponse response = call(() -> dynamoDb.batchWriteItem(r -> r.requestItems(request)
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
                if (response.hasConsumedCapacity()) {
                    response.consumedCapacity().forEach(c -> report("BatchWriteItem", c));
                }
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
    }

    private Put metaPut(Optional<SessionRecord> expected, SessionRecord next) {
        return Put.builder()
                .tableName(tableName)
                .item(toItem(next))
                .conditionExpression(expected.isPresent() ? "#v = :v" : "attribute_not_exists(#pk)")
                .expressionAttributeNames(expected.isPresent() ? Map.of("#v", "version") : Map.of("#pk", PK))
                .expressionAttributeValues(expected.map(e -> Map.of(":v", n(e.version()))).orElse(null))
                .build();
    }

    private void transact(SessionKey key, List<TransactWriteItem> actions, String failure) {
        try {
            var response = call(() -> dynamoDb.transactWriteItems(r -> r.transactItems(actions)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
            if (response.hasConsumedCapacity()) {
                response.consumedCapacity().forEach(c -> report("TransactWriteItems", c));
            }
        } catch (TransactionCanceledException e) {
            if (isConflict(e)) {
                throw new StaleSessionException(key, e);
            }
            throw new StoreUnavailableException(failure, e);
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
            report("PutItem", response.consumedCapacity());
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
    private static <T> T call(Supplier<T> action) {
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

    private void report(String operation, ConsumedCapacity capacity) {
        if (capacity != null && capacityListener != null) {
            capacityListener.consumed(operation, capacity);
        }
    }

    /** Receives the capacity DynamoDB reports for each call, with the call's operation name. */
    @FunctionalInterface
    public interface CapacityListener {
        /** @param operation e.g. {@code GetItem}, {@code Query}, {@code TransactWriteItems}, {@code BatchWriteItem} */
        void consumed(String operation, ConsumedCapacity capacity);

        /** Whether the operation writes (its capacity is write capacity). */
        static boolean isWrite(String operation) {
            return !operation.equals("GetItem") && !operation.equals("Query");
        }
    }

    private BlobStore requireBlobs() {
        if (blobs == null) {
            throw new IllegalStateException("an item points to the object store, but none is configured");
        }
        return blobs;
    }

    // ---- mapping -------------------------------------------------------------------------------

    /** Partition key of a session. URL-encoding the owner keeps '#' out of it. */
    static String partitionKey(SessionKey key) {
        return "S#" + URLEncoder.encode(key.owner(), StandardCharsets.UTF_8) + "#" + key.sessionId();
    }

    static String itemSortKey(String incarnation, long seq) {
        return ITEM_PREFIX + incarnation + "#" + String.format("%019d", seq);
    }

    static String chunkSortKey(String incarnation, long firstSeq) {
        return CHUNK_PREFIX + incarnation + "#" + String.format("%019d", firstSeq);
    }

    private static Map<String, AttributeValue> metaKey(SessionKey key) {
        return Map.of(PK, s(partitionKey(key)), SK, s(META));
    }

    private Map<String, AttributeValue> toItem(SessionRecord record) {
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
        item.put("archivedCount", n(record.archivedCount()));
        item.put("hotCount", n(record.hotCount()));
        // For the table stream's event filter, which can match a boolean but cannot compare numbers
        // (stream images carry numbers as strings): the archiver runs only for sessions that need it.
        item.put("archiveDue", AttributeValue.builder().bool(blobs != null && record.hotCount() > archiveHotLimit).build());
        return item;
    }

    private static SessionRecord toRecord(SessionKey key, Map<String, AttributeValue> item) {
        AttributeValue expires = item.get("expiresAt");
        AttributeValue maxHistory = item.get("maxHistory");
        AttributeValue ttl = item.get("ttlSeconds");
        AttributeValue archived = item.get("archivedCount");
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
                Long.parseLong(item.get("itemCount").n()),
                archived == null ? 0 : Long.parseLong(archived.n()));
    }

    /** A hot item as DynamoDB stores it; a spilled one goes to S3 first and the item holds its key. */
    private Map<String, AttributeValue> toItem(String pk, SessionKey key, String incarnation, StoredItem stored,
                                               int indexInTurn, byte[] json, boolean spill) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(pk));
        item.put(SK, s(itemSortKey(incarnation, stored.seq())));
        item.put("seq", n(stored.seq()));
        item.put("turnId", s(stored.turnId()));
        item.put("createdAt", n(stored.createdAt().toEpochMilli()));
        if (stored.agent() != null) {
            item.put("agent", s(stored.agent()));
        }
        item.put("bytes", n(json.length));
        if (spill) {
            String blobKey = layout.item(key, incarnation, stored.turnId(), indexInTurn);
            blobs.put(blobKey, Gzip.compress(json));
            item.put("blob", s(blobKey));
        } else if (json.length > MAX_INLINE_ITEM_BYTES) {
            throw new PayloadTooLargeException("ITEM_TOO_LARGE", "An item is larger than " + MAX_INLINE_ITEM_BYTES
                    + " bytes and this deployment has no object store for large items; nothing was written.");
        } else {
            item.put("item", s(new String(json, StandardCharsets.UTF_8)));
        }
        return item;
    }

    private static Entry pointerOrInline(Map<String, AttributeValue> item) {
        AttributeValue agent = item.get("agent");
        AttributeValue blob = item.get("blob");
        AttributeValue inline = item.get("item");
        AttributeValue bytes = item.get("bytes");
        return new Entry(Long.parseLong(item.get("seq").n()), item.get("turnId").s(),
                Long.parseLong(item.get("createdAt").n()), agent == null ? null : agent.s(),
                inline == null ? null : Json.readObject(inline.s()), blob == null ? null : blob.s(),
                bytes != null ? Long.parseLong(bytes.n()) : inline == null ? 0 : inline.s().length());
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    /** One item as stored: inline JSON or a pointer to its own object. */
    private record Entry(long seq, String turnId, long createdAtMillis, String agent, ObjectNode inline, String blobKey,
                         long bytes) {
        ObjectNode toJson() {
            ObjectNode json = Json.object();
            json.put("seq", seq);
            json.put("turnId", turnId);
            json.put("createdAt", createdAtMillis);
            if (agent != null) {
                json.put("agent", agent);
            }
            json.put("bytes", bytes);
            if (inline != null) {
                json.set("item", inline);
            } else {
                json.put("blob", blobKey);
            }
            return json;
        }

        static Entry fromJson(ObjectNode json) {
            JsonNode agent = json.get("agent");
            JsonNode item = json.get("item");
            JsonNode blob = json.get("blob");
            return new Entry(json.get("seq").asLong(), json.get("turnId").asText(), json.get("createdAt").asLong(),
                    agent == null ? null : agent.asText(), item == null ? null : (ObjectNode) item,
                    blob == null ? null : blob.asText(), json.path("bytes").asLong());
        }

        StoredItem toStoredItem(ObjectNode body) {
            return new StoredItem(seq, turnId, Instant.ofEpochMilli(createdAtMillis), agent, body);
        }
    }

    private record Chunk(long firstSeq, long count, String blobKey) {
    }

    /** No archive chunk holds an item: data loss, unless the session was cleared while reading. */
    private static final class MissingChunkException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        MissingChunkException(long seq) {
            super("no archive chunk holds item " + seq);
        }
    }

    /** Collects a page under an item limit and a byte budget (always at least one item). */
    private static final class Page {
        final List<StoredItem> items = new ArrayList<>();
        final int limit;
        final long maxBytes;
        long bytes;

        Page(int limit, long maxBytes) {
            this.limit = limit;
            this.maxBytes = maxBytes;
        }

        boolean full() {
            return items.size() >= limit;
        }

        int remaining() {
            return Math.max(1, limit - items.size());
        }

        /** Adds the entry if it fits; false when the page is complete. The item body is fetched only if it fits. */
        boolean offer(Entry entry, java.util.function.Function<Entry, ObjectNode> body) {
            if (full() || (!items.isEmpty() && bytes + entry.bytes > maxBytes)) {
                return false;
            }
            items.add(entry.toStoredItem(body.apply(entry)));
            bytes += entry.bytes;
            return !full();
        }
    }

    /** Builder for {@link DynamoDbSessionStore}. */
    public static final class Builder {
        private DynamoDbClient dynamoDb;
        private String tableName;
        private CapacityListener capacityListener;
        private BlobStore blobs;
        private BlobLayout layout = new BlobLayout("sessions/");
        private int largeItemBytes = 32 * 1024;
        private int chunkItems = 1000;
        private int chunkBytes = 8 * 1024 * 1024;
        private long archiveHotLimit = io.agentsessions.core.session.SessionServiceConfig.DEFAULT_ARCHIVE_HOT_LIMIT;

        private Builder() {
        }

        /** Hot items past which a session record is marked {@code archiveDue} for the stream archiver. */
        public Builder archiveHotLimit(long archiveHotLimit) {
            this.archiveHotLimit = archiveHotLimit;
            return this;
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
        public Builder capacityListener(CapacityListener capacityListener) {
            this.capacityListener = capacityListener;
            return this;
        }

        /** Where large items and archive chunks go, and how their keys are laid out. */
        public Builder blobs(BlobStore blobs, BlobLayout layout) {
            this.blobs = blobs;
            this.layout = Objects.requireNonNull(layout, "layout");
            return this;
        }

        /** Items whose JSON is larger than this many bytes are stored in the blob store (default 32 KiB). */
        public Builder largeItemBytes(int largeItemBytes) {
            if (largeItemBytes < 1 || largeItemBytes > MAX_INLINE_ITEM_BYTES) {
                throw new IllegalArgumentException("largeItemBytes must be 1.." + MAX_INLINE_ITEM_BYTES);
            }
            this.largeItemBytes = largeItemBytes;
            return this;
        }

        /** Most items per archive chunk (default 1,000) and most bytes of inline JSON per chunk (default 8 MiB). */
        public Builder archiveChunk(int items, int bytes) {
            if (items < 1 || bytes < 1) {
                throw new IllegalArgumentException("chunk limits must be positive");
            }
            this.chunkItems = items;
            this.chunkBytes = bytes;
            return this;
        }

        public DynamoDbSessionStore build() {
            return new DynamoDbSessionStore(this);
        }
    }
}
