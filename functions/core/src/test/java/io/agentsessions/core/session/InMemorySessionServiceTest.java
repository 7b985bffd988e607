package io.agentsessions.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The sessions API on the in-memory store (the seed's default {@code Session()}). */
class InMemorySessionServiceTest extends SessionServiceContract {
    @Override
    protected SessionStore newStore() {
        return new InMemorySessionStore();
    }

    @Test
    void clearAndDeletePurgeOldItems() {
        InMemorySessionStore memory = (InMemorySessionStore) store;
        SessionKey key = newKey();
        service.run(key, new RunRequest(java.util.List.of(io.agentsessions.core.model.Items.userText("hi")),
                "assistant", null), java.time.Instant.now().plusSeconds(30));
        assertThat(memory.storedItemCount(key)).isEqualTo(2);

        service.clear(key);
        assertThat(memory.storedItemCount(key)).isZero();
        service.run(key, new RunRequest(java.util.List.of(io.agentsessions.core.model.Items.userText("again")),
                "assistant", null), java.time.Instant.now().plusSeconds(30));
        service.delete(key);
        assertThat(memory.storedItemCount(key)).isZero();
    }

    @Test
    void startingAnExpiredSessionAfreshPurgesItsOldItems() {
        InMemorySessionStore memory = (InMemorySessionStore) store;
        SessionKey key = newKey();
        service.put(key, null, null, new SessionSettings(null, 60L));
        service.run(key, new RunRequest(java.util.List.of(io.agentsessions.core.model.Items.userText("old")),
                "assistant", null), clock.instant().plusSeconds(30));
        clock.advance(java.time.Duration.ofSeconds(61));

        service.run(key, new RunRequest(java.util.List.of(io.agentsessions.core.model.Items.userText("new")),
                "assistant", null), clock.instant().plusSeconds(30));

        assertThat(memory.storedItemCount(key)).isEqualTo(2);
    }
}
