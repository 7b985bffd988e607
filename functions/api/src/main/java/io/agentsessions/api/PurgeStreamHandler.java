package io.agentsessions.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.agentsessions.core.session.SessionKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Background cleanup: invoked by the session table's stream for each new purge marker (written
 * with every clear, delete or restart of an expired session). Finishes removing the dropped
 * incarnation's items and S3 objects that the request's time-boxed purge did not reach; a purge
 * that cannot finish in this invocation is reported as a failed record, so Lambda retries it.
 */
public final class PurgeStreamHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private static final System.Logger LOG = System.getLogger(PurgeStreamHandler.class.getName());
    private final App app;

    /** Called by Lambda: wires the real dependencies once per container. */
    public PurgeStreamHandler() {
        this(App.shared());
    }

    public PurgeStreamHandler(App app) {
        this.app = app;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        Instant deadline = Instant.now().plusMillis(context == null ? 60_000 : context.getRemainingTimeInMillis() - 5_000);
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            Map<String, AttributeValue> keys = record.getDynamodb() == null ? null : record.getDynamodb().getKeys();
            Marker marker = keys == null ? null : marker(keys);
            if (marker == null) {
                continue;
            }
            String sequence = record.getDynamodb().getSequenceNumber();
            if (!failures.isEmpty()) {
                // Once one record failed, later ones are retried with it (stream order is kept).
                failures.add(new StreamsEventResponse.BatchItemFailure(sequence));
                continue;
            }
            try {
                if (!app.sessions().purgeDropped(marker.key(), marker.incarnation(), deadline)) {
                    failures.add(new StreamsEventResponse.BatchItemFailure(sequence));
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "purge failed; the stream will retry", e);
                failures.add(new StreamsEventResponse.BatchItemFailure(sequence));
            }
        }
        return new StreamsEventResponse(failures);
    }

    /** A dropped incarnation named by a purge marker's keys. */
    record Marker(SessionKey key, String incarnation) {
    }

    /** The marker a record's keys name, or null for any other item. */
    static Marker marker(Map<String, AttributeValue> keys) {
        AttributeValue sk = keys.get("sk");
        if (sk == null || sk.getS() == null || !sk.getS().startsWith("P#") || sk.getS().length() <= 2) {
            return null;
        }
        SessionKey key = ArchiveStreamHandler.sessionKey(Map.of("pk", keys.get("pk"),
                "sk", new AttributeValue().withS("META")));
        return key == null ? null : new Marker(key, sk.getS().substring(2));
    }
}
