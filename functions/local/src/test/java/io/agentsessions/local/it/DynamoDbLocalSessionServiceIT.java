package io.agentsessions.local.it;

import io.agentsessions.core.session.SessionServiceContract;
import io.agentsessions.core.session.SessionStore;

/** The whole sessions API (runs, paging, clear, delete, expiry, 20 concurrent runs) on DynamoDB Local. */
class DynamoDbLocalSessionServiceIT extends SessionServiceContract {
    @Override
    protected SessionStore newStore() {
        return Backends.store(Backends.emulators());
    }
}
