package io.agentsessions.local.it;

import io.agentsessions.core.session.SessionStore;
import io.agentsessions.core.session.SessionStoreContract;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The store contract on LocalStack; runs only where a Docker engine exists. */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackSessionStoreIT extends SessionStoreContract {
    @Override
    protected SessionStore newStore() {
        return Backends.store(Backends.localStack());
    }
}
