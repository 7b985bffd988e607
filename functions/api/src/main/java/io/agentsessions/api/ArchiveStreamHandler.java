package io.agentsessions.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.agentsessions.core.error.SessionNotFoundException;
import io.agentsessions.core.session.SessionKey;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Automatic archiving: invoked by the session table's stream for session records whose hot tail
 * grew past the limit (the event source's filter checks {@code hotCount}). Runs never pay for
 * archiving; this function does it in the background. Failed records are reported so that
 * Lambda retries only them; every archive step is idempotent.
 */
public final class ArchiveStreamHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private static final System.Logger LOG = System.getLogger(ArchiveStreamHandler.class.getName());
    private final App app;

    /** Called by Lambda: wires the real dependencies once per container. */
    public ArchiveStreamHandler() {
        this(App.shared());
    }

    public ArchiveStreamHandler(App app) {
        this.app = app;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        Instant deadline = Instant.now().plusMillis(context == null ? 60_000 : context.getRemainingTimeInMillis() - 5_000);
        // One pass per session, however many of its records the batch holds.
        Map<SessionKey, String> sessions = new LinkedHashMap<>();
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            Map<String, AttributeValue> keys = record.getDynamodb() == null ? null : record.getDynamodb().getKeys();
            SessionKey key = keys == null ? null : sessionKey(keys);
            if (key != null) {
                sessions.putIfAbsent(key, record.getDynamodb().getSequenceNumber());
            }
        }
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (Map.Entry<SessionKey, String> session : sessions.entrySet()) {
            try {
                app.sessions().archiveIfNeeded(session.getKey(), deadline);
            } catch (SessionNotFoundException gone) {
                // Deleted or expired meanwhile: nothing to archive.
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "archiving failed; the stream will retry", e);
                failures.add(new StreamsEventResponse.BatchItemFailure(session.getValue()));
            }
        }
        return new StreamsEventResponse(failures);
    }

    /** The session a record's keys name, or null for anything but a session record. */
    static SessionKey sessionKey(Map<String, AttributeValue> keys) {
        AttributeValue pk = keys.get("pk");
        AttributeValue sk = keys.get("sk");
        if (pk == null || sk == null || !"META".equals(sk.getS()) || pk.getS() == null || !pk.getS().startsWith("S#")) {
            return null;
        }
        String rest = pk.getS().substring(2);
        int split = rest.lastIndexOf('#');
        if (split <= 0) {
            return null;
        }
        return new SessionKey(URLDecoder.decode(rest.substring(0, split), StandardCharsets.UTF_8),
                rest.substring(split + 1));
    }
}
