package io.agentsessions.core.blob;

import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/** A {@link BlobStore} in memory, for the in-memory session store and unit tests. */
public final class InMemoryBlobStore implements BlobStore {
    private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();

    @Override
    public void put(String key, byte[] content) {
        objects.put(key, content.clone());
    }

    @Override
    public byte[] get(String key) {
        byte[] content = objects.get(key);
        if (content == null) {
            throw new BlobNotFoundException(key, null);
        }
        return content.clone();
    }

    @Override
    public List<String> list(String prefix, String startAfter, int max) {
        var tail = startAfter == null ? objects.tailMap(prefix, true) : objects.tailMap(startAfter, false);
        return tail.keySet().stream().takeWhile(key -> key.startsWith(prefix)).limit(max).toList();
    }

    @Override
    public void delete(List<String> keys) {
        keys.forEach(objects::remove);
    }

    /** Number of objects held, for tests. */
    public int size() {
        return objects.size();
    }
}
