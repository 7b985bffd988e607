package io.agentsessions.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsessions.core.json.Json;
import io.agentsessions.core.model.Items;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every {@link SessionStore} must have. Subclasses supply a store (in memory, DynamoDB
 * Local, LocalStack); each test uses fresh session ids so a shared table is fine.
 */
public abstract class SessionStoreContract {
    protected SessionStore store;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    /** A store to test; may be shared between tests. */
    protected abstract SessionStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    private static SessionKey key() {
        return new SessionKey("owner-" + UUID.randomUUID(), "s-" + UUID.randomUUID());
    }

    private SessionRecord record(SessionKey key, long version, String incarnation, long itemCount) {
        ObjectNode context = Json.object().put("user_id", "123");
        ObjectNode data = Json.object().put("theme", "dark");
        return new SessionRecord(key, version, incarnation, now, now, now.plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS),
                context, data, new SessionSettings(10, 3600L), itemCount);
    }

    private List<StoredItem> items(long from, int count, String agent) {
        List<StoredItem> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(new StoredItem(from + i, "turn-" + from, now, agent, Items.userText("item " + (from + i))));
        }
        return items;
    }

    @Test
    void loadOfAnUnknownSessionIsEmpty() {
        assertThat(store.load(key())).isEmpty();
    }

    @Test
    void commitCreatesTheRecordAndItemsAndLoadReturnsThemUnchanged() {
        SessionKey key = key();
        SessionRecord created = record(key, 1, "inc1", 3);
        store.commit(Optional.empty(), created, items(0, 3, null));

        assertThat(store.load(key)).contains(created);
        assertThat(store.items(created, 0, 3, true, 10)).extracting(StoredItem::seq).containsExactly(0L, 1L, 2L);
        assertThat(store.items(created, 0, 3, true, 10).get(1).item()).isEqualTo(Items.userText("item 1"));
    }

    @Test
    void unknownItemFieldsAndExactNumbersRoundTrip() throws Exception {
        SessionKey key = key();
        ObjectNode odd = (ObjectNode) Json.mapper().readTree(
                "{\"type\":\"function_call\",\"call_id\":\"c1\",\"name\":\"f\",\"arguments\":\"{}\","
                        + "\"x-extra\":{\"n\":1.10,\"big\":12345678901234567890,\"u\":\"\\u00e9\\ud83d\\ude00\"}}");
        SessionRecord created = record(key, 1, "inc1", 1);
        store.commit(Optional.empty(), created, List.of(new StoredItem(0, "t", now, null, odd)));

        ObjectNode back = store.items(created, 0, 1, true, 1).get(0).item();
        assertThat(Json.write(back)).isEqualTo(Json.write(odd));
    }

    @Test
    void creatingASessionThatExistsFailsAsStaleAndWritesNothing() {
        SessionKey key = key();
        SessionRecord first = record(key, 1, "inc1", 1);
        store.commit(Optional.empty(), first, items(0, 1, null));

        SessionRecord rival = record(key, 1, "inc2", 2);
        assertThatThrownBy(() -> store.commit(Optional.empty(), rival, items(0, 2, "a")))
                .isInstanceOf(StaleSessionException.class);
        assertThat(store.load(key)).contains(first);
        assertThat(store.items(first, 0, 10, true, 10)).hasSize(1);
    }

    @Test
    void commitBasedOnAnOldVersionFailsAndWritesNoItems() {
        SessionKey key = key();
        SessionRecord v1 = record(key, 1, "inc1", 1);
        store.commit(Optional.empty(), v1, items(0, 1, null));
        SessionRecord v2 = record(key, 2, "inc1", 2);
        store.commit(Optional.of(v1), v2, items(1, 1, "a"));

        SessionRecord stale = record(key, 2, "inc1", 3);
        assertThatThrownBy(() -> store.commit(Optional.of(v1), stale, items(1, 2, "b")))
                .isInstanceOf(StaleSessionException.class);
        assertThat(store.load(key)).contains(v2);
        assertThat(store.items(v2, 0, 10, true, 10)).extracting(StoredItem::agent).containsExactly(null, "a");
    }

    @Test
    void itemsAreReturnedInEitherOrderWithinBoundsAndLimit() {
        SessionKey key = key();
        SessionRecord session = record(key, 1, "inc1", 30);
        store.commit(Optional.empty(), session, items(0, 30, null));

        assertThat(store.items(session, 5, 9, true, 10)).extracting(StoredItem::seq).containsExactly(5L, 6L, 7L, 8L);
        assertThat(store.items(session, 0, 30, false, 3)).extracting(StoredItem::seq).containsExactly(29L, 28L, 27L);
        assertThat(store.items(session, 10, 10, true, 5)).isEmpty();
    }

    @Test
    void itemsOfAnotherIncarnationAreInvisible() {
        SessionKey key = key();
        SessionRecord old = record(key, 1, "inc1", 2);
        store.commit(Optional.empty(), old, items(0, 2, null));
        SessionRecord cleared = record(key, 2, "inc2", 0);
        store.commit(Optional.of(old), cleared, List.of());

        assertThat(store.items(cleared, 0, 10, true, 10)).isEmpty();
    }

    @Test
    void purgeDeletesOnlyTheNamedIncarnation() {
        SessionKey key = key();
        SessionRecord old = record(key, 1, "inc1", 3);
        store.commit(Optional.empty(), old, items(0, 3, null));
        SessionRecord fresh = record(key, 2, "inc2", 1);
        store.commit(Optional.of(old), fresh, items(0, 1, null));

        assertThat(store.purge(key, "inc1", Instant.now().plusSeconds(30))).isTrue();

        assertThat(store.items(old, 0, 3, true, 10)).isEmpty();
        assertThat(store.items(fresh, 0, 1, true, 10)).hasSize(1);
    }

    @Test
    void aLatePurgeNeverTouchesAnIncarnationCreatedAfterIt() {
        // clear A (inc1 -> inc2), clear B (inc2 -> inc3), a run writes under inc3, then A's purge of inc1 and
        // B's purge of inc2 arrive late: inc3's items must survive.
        SessionKey key = key();
        SessionRecord v1 = record(key, 1, "inc1", 2);
        store.commit(Optional.empty(), v1, items(0, 2, null));
        SessionRecord v2 = record(key, 2, "inc2", 0);
        store.commit(Optional.of(v1), v2, List.of());
        SessionRecord v3 = record(key, 3, "inc3", 2);
        store.commit(Optional.of(v2), v3, items(0, 2, "a"));

        store.purge(key, "inc1", Instant.now().plusSeconds(30));
        store.purge(key, "inc2", Instant.now().plusSeconds(30));

        assertThat(store.items(v3, 0, 2, true, 10)).extracting(StoredItem::agent).containsExactly("a", "a");
    }

    @Test
    void droppingAnIncarnationRecordsItAsPendingUntilItsPurgeFinishes() {
        SessionKey key = key();
        SessionRecord v1 = record(key, 1, "inc1", 2);
        store.commit(Optional.empty(), v1, items(0, 2, null));
        assertThat(store.pendingPurges(key, 10)).isEmpty();

        SessionRecord v2 = record(key, 2, "inc2", 0);
        store.commit(Optional.of(v1), v2, List.of());
        assertThat(store.pendingPurges(key, 10)).containsExactly("inc1");
        store.remove(v2);
        assertThat(store.pendingPurges(key, 10)).containsExactlyInAnyOrder("inc1", "inc2");

        assertThat(store.purge(key, "inc1", Instant.now().plusSeconds(30))).isTrue();
        assertThat(store.pendingPurges(key, 10)).containsExactly("inc2");
        assertThat(store.items(v1, 0, 2, true, 10)).isEmpty();
    }

    @Test
    void removeIsConditionalOnTheVersion() {
        SessionKey key = key();
        SessionRecord v1 = record(key, 1, "inc1", 0);
        store.commit(Optional.empty(), v1, List.of());
        SessionRecord v2 = record(key, 2, "inc1", 0);
        store.commit(Optional.of(v1), v2, List.of());

        assertThatThrownBy(() -> store.remove(v1)).isInstanceOf(StaleSessionException.class);
        assertThat(store.load(key)).isPresent();
        store.remove(v2);
        assertThat(store.load(key)).isEmpty();
    }

    @Test
    void sameSessionIdOfTwoOwnersAreSeparate() {
        SessionKey alice = new SessionKey("alice#x", "shared-id-" + UUID.randomUUID());
        SessionKey mallory = new SessionKey("alice", alice.sessionId());
        store.commit(Optional.empty(), record(alice, 1, "inc1", 2), items(0, 2, null));

        assertThat(store.load(mallory)).isEmpty();
        SessionRecord malloryRecord = record(mallory, 1, "inc1", 2);
        store.commit(Optional.empty(), malloryRecord, items(0, 1, "m"));
        assertThat(store.items(store.load(alice).orElseThrow(), 0, 2, true, 10)).extracting(StoredItem::agent)
                .containsOnlyNulls();
    }
}
