package io.agentsessions.core.testing;

import io.agentsessions.core.session.SessionKey;
import io.agentsessions.core.session.SessionRecord;
import io.agentsessions.core.session.SessionStore;
import io.agentsessions.core.session.StoredItem;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Forwards every call to a real store; tests override one method to inject a fault. */
public class DelegatingStore implements SessionStore {
    private final SessionStore delegate;

    public DelegatingStore(SessionStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<SessionRecord> load(SessionKey key) {
        return delegate.load(key);
    }

    @Override
    public List<StoredItem> items(SessionRecord session, long from, long to, boolean asc, int limit, long max) {
        return delegate.items(session, from, to, asc, limit, max);
    }

    @Override
    public void commit(Optional<SessionRecord> expected, SessionRecord next, List<StoredItem> newItems) {
        delegate.commit(expected, next, newItems);
    }

    @Override
    public void remove(SessionRecord expected) {
        delegate.remove(expected);
    }

    @Override
    public Optional<SessionRecord> archive(SessionRecord expected, long beforeSeq) {
        return delegate.archive(expected, beforeSeq);
    }

    @Override
    public boolean purge(SessionKey key, String incarnation, Instant deadline) {
        return delegate.purge(key, incarnation, deadline);
    }

    @Override
    public List<String> pendingPurges(SessionKey key, int max) {
        return delegate.pendingPurges(key, max);
    }
}
