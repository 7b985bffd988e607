package io.agentsessions.local.it;

import io.agentsessions.core.session.SessionServiceContract;
import io.agentsessions.core.session.SessionStore;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The whole sessions API on LocalStack; runs only where a Docker engine exists. */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackSessionServiceIT extends SessionServiceContract {
    @Override
    protected SessionStore newStore() {
        return Backends.store(Backends.localStack());
    }
}
