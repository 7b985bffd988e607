package io.agentsessions.core.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link SessionStore} in memory: the default for development (lost on restart, like the seed's
 * {@code Session()}) and the fake used by unit tests. Same semantics as the DynamoDB store.
 */
public final class InMemorySessionStore implements SessionStore {
    private final Map<SessionKey, SessionRecord> records = new HashMap<>();
    /** Items per session key, keyed by incarnation then sequence number. */
    private final Map<SessionKey, Map<String, TreeMap<Long, StoredItem>>> items = new HashMap<>();
    /** Dropped incarnations per session whose purge has not run yet. */
    private final Map<SessionKey, java.util.Set<String>> pending = new HashMap<>();

    @Override
    public synchronized Optional<SessionRecord> load(SessionKey key) {
        return Optional.ofNullable(records.get(key));
    }

    @Override
    public synchronized List<StoredItem> items(SessionRecord session, long fromSeq, long toSeq, boolean ascending,
                                               int limit, long maxBytes) {
        TreeMap<Long, StoredItem> all = items.getOrDefault(session.key(), Map.of()).get(session.incarnation());
        if (all == null || fromSeq >= toSeq) {
            return List.of();
        }
        var range = all.subMap(fromSeq, true, toSeq, false);
        var ordered = ascending ? range.values() : range.descendingMap().values();
        List<StoredItem> page = new ArrayList<>();
        long bytes = 0;
        for (StoredItem item : ordered) {
            long size = io.agentsessions.core.json.Json.write(item.item()).length();
            if (page.size() == limit || (!page.isEmpty() && bytes + size > maxBytes)) {
                break;
            }
            page.add(item);
            bytes += size;
        }
        return page;
    }

    @Override
    public synchronized Optional<SessionRecord> archive(SessionRecord expected, long beforeSeq) {
        checkCurrent(expected.key(), Optional.of(expected));
        long end = Math.min(beforeSeq, expected.itemCount());
        if (end <= expected.archivedCount()) {
            return Optional.empty();
        }
        // In memory there is nowhere colder to move items to; only the boundary moves.
        SessionRecord next = new SessionRecord(expected.key(), expected.version() + 1, expected.incarnation(),
                expected.createdAt(), expected.updatedAt(), expected.expiresAt(), expected.context(), expected.data(),
                expected.settings(), expected.itemCount(), end);
        records.put(next.key(), next);
        return Optional.of(next);
    }

    @Override
    public synchronized void commit(Optional<SessionRecord> expected, SessionRecord next, List<StoredItem> newItems) {
        checkCurrent(next.key(), expected);
        if (expected.isPresent() && !expected.get().incarnation().equals(next.incarnation())) {
            pending.computeIfAbsent(next.key(), k -> new java.util.TreeSet<>()).add(expected.get().incarnation());
        }
        records.put(next.key(), next);
        TreeMap<Long, StoredItem> incarnation = items.computeIfAbsent(next.key(), k -> new HashMap<>())
                .computeIfAbsent(next.incarnation(), k -> new TreeMap<>());
        for (StoredItem item : newItems) {
            if (incarnation.putIfAbsent(item.seq(), item) != null) {
                throw new IllegalStateException("item " + item.seq() + " already exists");
            }
        }
    }

    @Override
    public synchronized void remove(SessionRecord expected) {
        checkCurrent(expected.key(), Optional.of(expected));
        records.remove(expected.key());
        pending.computeIfAbsent(expected.key(), k -> new java.util.TreeSet<>()).add(expected.incarnation());
    }

    @Override
    public synchronized boolean purge(SessionKey key, String incarnation, Instant deadline) {
        Map<String, TreeMap<Long, StoredItem>> byIncarnation = items.get(key);
        if (byIncarnation != null) {
            byIncarnation.remove(incarnation);
        }
        pending.getOrDefault(key, java.util.Set.of()).remove(incarnation);
        return true;
    }

    @Override
    public synchronized List<String> pendingPurges(SessionKey key, int max) {
        return pending.getOrDefault(key, java.util.Set.of()).stream().limit(max).toList();
    }

    /** Number of items held for a key across all incarnations, for tests of purging. */
    public synchronized int storedItemCount(SessionKey key) {
        return items.getOrDefault(key, Map.of()).values().stream().mapToInt(Map::size).sum();
    }

    private void checkCurrent(SessionKey key, Optional<SessionRecord> expected) {
        SessionRecord current = records.get(key);
        long currentVersion = current == null ? 0 : current.version();
        long expectedVersion = expected.map(SessionRecord::version).orElse(0L);
        if (currentVersion != expectedVersion) {
            throw new StaleSessionException(key, null);
        }
    }

    /** Snapshot of all items of the key's current incarnation, for tests. */
    public synchronized List<StoredItem> currentItems(SessionKey key) {
        SessionRecord record = records.get(key);
        if (record == null) {
            return List.of();
        }
        return new ArrayList<>(items.getOrDefault(key, Map.of())
                .getOrDefault(record.incarnation(), new TreeMap<>()).values());
    }
}
