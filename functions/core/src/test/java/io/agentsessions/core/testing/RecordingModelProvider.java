package io.agentsessions.core.testing;

import io.agentsessions.core.model.ModelProvider;
import io.agentsessions.core.model.ModelRequest;
import io.agentsessions.core.model.ModelResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Wraps a provider, records every request it receives (so tests can check exactly what the model
 * saw) and, when told to, fails instead of answering.
 */
public final class RecordingModelProvider implements ModelProvider {
    private final ModelProvider delegate;
    private final List<ModelRequest> requests = new CopyOnWriteArrayList<>();
    private volatile RuntimeException failure;

    public RecordingModelProvider(ModelProvider delegate) {
        this.delegate = delegate;
    }

    /** Every request received, in order (live view, thread-safe). */
    public List<ModelRequest> requests() {
        return requests;
    }

    /** Fail every following call with {@code failure}; {@code null} answers again. */
    public void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public ModelResponse respond(ModelRequest request) {
        requests.add(request);
        RuntimeException current = failure;
        if (current != null) {
            throw current;
        }
        return delegate.respond(request);
    }
}
