package io.agentsessions.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentsessions.core.agent.AgentRegistry;
import io.agentsessions.core.model.ModelProviders;
import io.agentsessions.core.model.echo.EchoModelProvider;
import io.agentsessions.core.session.InMemorySessionStore;
import io.agentsessions.core.session.SessionKey;
import io.agentsessions.core.session.SessionService;
import io.agentsessions.core.session.SessionServiceConfig;
import io.agentsessions.core.session.SessionStore;
import io.agentsessions.core.session.SessionRecord;
import io.agentsessions.core.session.StoredItem;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrimingTest {

    @Test
    void primingReadsThroughTheStoreWithAnUnusableOwnerAndWritesNothing() {
        List<SessionKey> loaded = new ArrayList<>();
        InMemorySessionStore memory = new InMemorySessionStore();
        SessionStore recording = new SessionStore() {
            @Override
            public Optional<SessionRecord> load(SessionKey key) {
                loaded.add(key);
                return memory.load(key);
            }

            @Override
            public List<StoredItem> items(SessionRecord s, long from, long to, boolean asc, int limit, long max) {
                throw new AssertionError("priming must not read items");
            }

            @Override
            public Optional<SessionRecord> archive(SessionRecord expected, long beforeSeq) {
                throw new AssertionError("priming must not write");
            }

            @Override
            public void commit(Optional<SessionRecord> expected, SessionRecord next, List<StoredItem> items) {
                throw new AssertionError("priming must not write");
            }

            @Override
            public void remove(SessionRecord expected) {
                throw new AssertionError("priming must not write");
            }

            @Override
            public boolean purge(SessionKey key, String keep, Instant deadline) {
                throw new AssertionError("priming must not write");
            }

            @Override
            public List<String> pendingPurges(SessionKey key, int max) {
                throw new AssertionError("priming must not read items");
            }
        };
        App app = new App(new SessionService(recording, AgentRegistry.fromResource("agents.json"),
                ModelProviders.of(new EchoModelProvider()), SessionServiceConfig.defaults("echo", "echo-1"),
                Clock.systemUTC()), new ApiSettings(ApiSettings.DEFAULT_MAX_BODY_BYTES, "local"));

        Priming.prime(app);

        assertThat(loaded).containsExactly(new SessionKey("jwt:" + Priming.PRIMING_OWNER, "priming"));
    }
}
