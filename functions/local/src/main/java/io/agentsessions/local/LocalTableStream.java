package io.agentsessions.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.agentsessions.api.ArchiveStreamHandler;
import io.agentsessions.api.PurgeStreamHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The local stand-in for the Lambda event sources on the table's stream: polls DynamoDB Local's
 * stream, applies the same filters as template.yaml, and hands session records marked
 * {@code archiveDue} to the {@link ArchiveStreamHandler} and new purge markers to the
 * {@link PurgeStreamHandler}, the same classes Lambda runs.
 */
final class LocalTableStream implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LocalTableStream.class.getName());

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final ArchiveStreamHandler archiver;
    private final PurgeStreamHandler purger;
    private final Thread thread;
    private volatile boolean running = true;

    LocalTableStream(DynamoDbClient dynamoDb, DynamoDbStreamsClient streams, String table,
                     ArchiveStreamHandler archiver, PurgeStreamHandler purger) {
        this.streams = streams;
        this.streamArn = dynamoDb.describeTable(r -> r.tableName(table)).table().latestStreamArn();
        this.archiver = archiver;
        this.purger = purger;
        this.thread = new Thread(this::poll, "local-stream-archiver");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        Map<String, String> iterators = new HashMap<>();
        int round = 0;
        while (running) {
            try {
                if (round++ % 20 == 0) {
                    for (Shard shard : streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards()) {
                        iterators.computeIfAbsent(shard.shardId(), id -> streams.getShardIterator(r -> r
                                .streamArn(streamArn).shardId(id).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                                .shardIterator());
                    }
                }
                for (var shard : new ArrayList<>(iterators.entrySet())) {
                    if (shard.getValue() == null) {
                        continue;
                    }
                    var response = streams.getRecords(r -> r.shardIterator(shard.getValue()).limit(1000));
                    iterators.put(shard.getKey(), response.nextShardIterator());
                    List<DynamodbEvent.DynamodbStreamRecord> archiveDue = new ArrayList<>();
                    List<DynamodbEvent.DynamodbStreamRecord> markers = new ArrayList<>();
                    for (Record record : response.records()) {
                        if (isArchiveDue(record)) {
                            archiveDue.add(toLambdaRecord(record));
                        } else if (isNewPurgeMarker(record)) {
                            markers.add(toLambdaRecord(record));
                        }
                    }
                    if (!archiveDue.isEmpty()) {
                        archiver.handleRequest(event(archiveDue), null);
                    }
                    if (!markers.isEmpty()) {
                        purger.handleRequest(event(markers), null);
                    }
                }
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.log(System.Logger.Level.WARNING, "stream polling failed; retrying", e);
                    sleepQuietly();
                }
            }
        }
    }

    private static DynamodbEvent event(List<DynamodbEvent.DynamodbStreamRecord> records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }

    /** template.yaml's purger filter: INSERT of an item whose sort key starts with {@code P#}. */
    private static boolean isNewPurgeMarker(Record record) {
        var data = record.dynamodb();
        var sk = data == null || !data.hasKeys() ? null : data.keys().get("sk");
        return "INSERT".equals(record.eventNameAsString()) && sk != null && sk.s() != null && sk.s().startsWith("P#");
    }

    /** template.yaml's archiver filter: INSERT/MODIFY of a session record marked {@code archiveDue}. */
    private static boolean isArchiveDue(Record record) {
        var data = record.dynamodb();
        if (data == null || data.newImage() == null || !data.hasKeys()) {
            return false;
        }
        var sk = data.keys().get("sk");
        var due = data.newImage().get("archiveDue");
        return sk != null && "META".equals(sk.s()) && due != null && Boolean.TRUE.equals(due.bool());
    }

    private static DynamodbEvent.DynamodbStreamRecord toLambdaRecord(Record record) {
        Map<String, AttributeValue> keys = new HashMap<>();
        record.dynamodb().keys().forEach((name, value) -> keys.put(name, new AttributeValue().withS(value.s())));
        StreamRecord data = new StreamRecord();
        data.setKeys(keys);
        data.setSequenceNumber(record.dynamodb().sequenceNumber());
        DynamodbEvent.DynamodbStreamRecord lambdaRecord = new DynamodbEvent.DynamodbStreamRecord();
        lambdaRecord.setEventName(record.eventNameAsString());
        lambdaRecord.setDynamodb(data);
        return lambdaRecord;
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        streams.close();
    }
}
