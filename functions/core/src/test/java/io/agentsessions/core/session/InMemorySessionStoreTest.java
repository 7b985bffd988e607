package io.agentsessions.core.session;

/** The in-memory store keeps the same contract as the DynamoDB store. */
class InMemorySessionStoreTest extends SessionStoreContract {
    @Override
    protected SessionStore newStore() {
        return new InMemorySessionStore();
    }
}
