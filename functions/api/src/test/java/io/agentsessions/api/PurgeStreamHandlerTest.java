package io.agentsessions.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.agentsessions.core.model.ModelProviders;
import io.agentsessions.core.model.echo.EchoModelProvider;
import io.agentsessions.core.session.InMemorySessionStore;
import io.agentsessions.core.session.SessionKey;
import io.agentsessions.core.session.SessionServiceConfig;
import io.agentsessions.core.testing.DelegatingStore;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The background purger finishes what a request's time-boxed purge left, and retries what it cannot finish. */
class PurgeStreamHandlerTest {
    private final InMemorySessionStore memory = new InMemorySessionStore();
    private volatile boolean purgeBlocked = true;
    private final TestApi api = TestApi.create(memory, new DelegatingStore(memory) {
        @Override
        public boolean purge(SessionKey key, String incarnation, Instant deadline) {
            // Blocked: like a request whose purge budget ran out before it could start.
            return !purgeBlocked && super.purge(key, incarnation, deadline);
        }
    }, ModelProviders.of(new EchoModelProvider()), SessionServiceConfig.defaults("echo", "echo-1"),
            TestApi.defaultSettings());
    private final SessionKey alice = new SessionKey(TestApi.LOCAL_OWNER, "alice-1");

    private DynamodbEvent markerEvent(String incarnation) {
        DynamodbEvent event = EventLoader.loadDynamoDbEvent("../../events/purge-stream.json");
        event.getRecords().get(0).getDynamodb().getKeys().put("sk", new AttributeValue().withS("P#" + incarnation));
        return event;
    }

    @Test
    void aPurgeLeftUnfinishedByTheRequestIsFinishedInTheBackground() {
        api.say("alice-1", "assistant", "hello");
        String dropped = memory.load(alice).orElseThrow().incarnation();
        api.clear(Events.clear());
        assertThat(memory.pendingPurges(alice, 10)).containsExactly(dropped);
        assertThat(memory.storedItemCount(alice)).isEqualTo(2);

        purgeBlocked = false;
        StreamsEventResponse response = new PurgeStreamHandler(api.app).handleRequest(markerEvent(dropped), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(memory.pendingPurges(alice, 10)).isEmpty();
        assertThat(memory.storedItemCount(alice)).isZero();
    }

    @Test
    void aPurgeThatCannotFinishIsReportedForRetry() {
        api.say("alice-1", "assistant", "hello");
        String dropped = memory.load(alice).orElseThrow().incarnation();
        api.clear(Events.clear());
        DynamodbEvent event = markerEvent(dropped);

        StreamsEventResponse response = new PurgeStreamHandler(api.app).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(event.getRecords().get(0).getDynamodb().getSequenceNumber());
        assertThat(memory.pendingPurges(alice, 10)).containsExactly(dropped);
    }

    @Test
    void recordsOtherThanPurgeMarkersAreIgnored() {
        var keys = new java.util.HashMap<String, AttributeValue>();
        keys.put("pk", new AttributeValue().withS("S#local#alice-1"));
        keys.put("sk", new AttributeValue().withS("META"));
        assertThat(PurgeStreamHandler.marker(keys)).isNull();
        keys.put("sk", new AttributeValue().withS("P#inc9"));
        assertThat(PurgeStreamHandler.marker(keys)).isEqualTo(new PurgeStreamHandler.Marker(alice, "inc9"));
    }
}
