package io.agentsessions.local.it;

import io.agentsessions.core.blob.BlobStore;
import io.agentsessions.core.error.StoreUnavailableException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps a real blob store; tests switch faults on and count requests. */
final class FaultyBlobStore implements BlobStore {
    enum Fault { NONE, FAIL_PUTS, KILL_AFTER_PUT, FAIL_GETS }

    private final BlobStore delegate;
    volatile Fault fault = Fault.NONE;
    /** Runs once, right after the next successful put: lets a test interleave another writer there. */
    volatile Runnable afterNextPut;
    final AtomicInteger puts = new AtomicInteger();
    final AtomicInteger gets = new AtomicInteger();
    final AtomicInteger lists = new AtomicInteger();
    final AtomicInteger deletes = new AtomicInteger();

    FaultyBlobStore(BlobStore delegate) {
        this.delegate = delegate;
    }

    int requests() {
        return puts.get() + gets.get() + lists.get() + deletes.get();
    }

    void resetCounts() {
        puts.set(0);
        gets.set(0);
        lists.set(0);
        deletes.set(0);
    }

    @Override
    public void put(String key, byte[] content) {
        puts.incrementAndGet();
        if (fault == Fault.FAIL_PUTS) {
            throw new StoreUnavailableException("injected: S3 is down", null);
        }
        delegate.put(key, content);
        Runnable hook = afterNextPut;
        if (hook != null) {
            afterNextPut = null;
            hook.run();
        }
        if (fault == Fault.KILL_AFTER_PUT) {
            throw new IllegalStateException("injected: process killed right after the S3 write");
        }
    }

    @Override
    public byte[] get(String key) {
        gets.incrementAndGet();
        if (fault == Fault.FAIL_GETS) {
            throw new StoreUnavailableException("injected: S3 is down", null);
        }
        return delegate.get(key);
    }

    @Override
    public List<String> list(String prefix, String startAfter, int max) {
        lists.incrementAndGet();
        return delegate.list(prefix, startAfter, max);
    }

    @Override
    public void delete(List<String> keys) {
        deletes.incrementAndGet();
        delegate.delete(keys);
    }
}
