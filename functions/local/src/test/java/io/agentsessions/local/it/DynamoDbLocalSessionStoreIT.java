package io.agentsessions.local.it;

import io.agentsessions.core.session.SessionStore;
import io.agentsessions.core.session.SessionStoreContract;

/** The store contract on DynamoDB Local. */
class DynamoDbLocalSessionStoreIT extends SessionStoreContract {
    @Override
    protected SessionStore newStore() {
        return Backends.store(Backends.emulators());
    }
}
