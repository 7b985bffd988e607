package io.agentsessions.local.bench;

import io.agentsessions.core.blob.BlobStore;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Counts S3 requests (one per call: PUT, GET, LIST, DeleteObjects) made through the store. */
final class CountingBlobStore implements BlobStore {
    private final BlobStore delegate;
    private final AtomicLong requests = new AtomicLong();

    CountingBlobStore(BlobStore delegate) {
        this.delegate = delegate;
    }

    long requests() {
        return requests.get();
    }

    @Override
    public void put(String key, byte[] content) {
        requests.incrementAndGet();
        delegate.put(key, content);
    }

    @Override
    public byte[] get(String key) {
        requests.incrementAndGet();
        return delegate.get(key);
    }

    @Override
    public List<String> list(String prefix, String startAfter, int max) {
        requests.incrementAndGet();
        return delegate.list(prefix, startAfter, max);
    }

    @Override
    public void delete(List<String> keys) {
        requests.incrementAndGet();
        delegate.delete(keys);
    }
}
