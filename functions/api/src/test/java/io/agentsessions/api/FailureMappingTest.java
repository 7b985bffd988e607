package io.agentsessions.api;

import static io.agentsessions.api.ProblemAssertions.assertJson;
import static io.agentsessions.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentsessions.core.error.ModelException;
import io.agentsessions.core.model.ModelProvider;
import io.agentsessions.core.model.ModelProviders;
import io.agentsessions.core.model.ModelRequest;
import io.agentsessions.core.model.ModelResponse;
import io.agentsessions.core.model.echo.EchoModelProvider;
import io.agentsessions.core.session.InMemorySessionStore;
import io.agentsessions.core.session.SessionKey;
import io.agentsessions.core.session.SessionRecord;
import io.agentsessions.core.session.SessionServiceConfig;
import io.agentsessions.core.session.SessionStore;
import io.agentsessions.core.session.StoredItem;
import io.agentsessions.core.testing.DelegatingStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Failures of the model and of the store become problem answers, and the session is left as it was. */
class FailureMappingTest {
    private final FlakyModel model = new FlakyModel();
    private final TestApi api = TestApi.create(ModelProviders.of(new EchoModelProvider(), model),
            SessionServiceConfig.defaults(FlakyModel.NAME, "echo-1"));

    /** Runs one good turn, makes the model fail, runs again: the answer, and the session unchanged. */
    private void assertModelFailure(ModelException failure, int status, String code) {
        assertJson(api.run(Events.run()), 200);
        SessionRecord before = api.stored("alice-1").orElseThrow();
        List<StoredItem> itemsBefore = api.items("alice-1");
        model.failWith(failure);

        Reply reply = api.run(Events.body(Events.run(), "{\"input\":\"What is my name?\"}"));

        assertProblem(reply, status, code);
        SessionRecord after = api.stored("alice-1").orElseThrow();
        assertThat(after.version()).isEqualTo(before.version());
        assertThat(after.itemCount()).isEqualTo(before.itemCount()).isEqualTo(2);
        assertThat(after).isEqualTo(before);
        assertThat(api.items("alice-1")).isEqualTo(itemsBefore);
        // a failing first run creates no session either
        assertProblem(api.run(Events.sessionId(Events.run(), "fresh-1")), status, code);
        assertThat(api.stored("fresh-1")).isEmpty();
    }

    @Test
    void modelTimeoutIs504AndTheSessionIsUnchanged() {
        assertModelFailure(ModelException.timeout(FlakyModel.NAME, Duration.ofSeconds(25), null), 504, "MODEL_TIMEOUT");
    }

    @Test
    void modelErrorIs502AndTheSessionIsUnchanged() {
        assertModelFailure(ModelException.failed(FlakyModel.NAME, "HTTP 500", new RuntimeException("upstream")), 502,
                "MODEL_ERROR");
    }

    @Test
    void modelRateLimitIs502AndTheSessionIsUnchanged() {
        assertModelFailure(ModelException.rateLimited(FlakyModel.NAME, null), 502, "MODEL_RATE_LIMITED");
    }

    @Test
    void modelReturningNoOutputIsModelError() {
        model.answerNothing();

        assertProblem(api.run(Events.run()), 502, "MODEL_ERROR");

        assertThat(api.stored("alice-1")).isEmpty();
    }

    @Test
    void unexpectedStoreFailureIsInternalErrorThatRevealsNothing() {
        InMemorySessionStore store = new InMemorySessionStore();
        String secret = "table arn:aws:dynamodb:us-east-1:123456789012:table/secret-sessions";
        TestApi broken = TestApi.create(store, new ExplodingStore(store, secret),
                ModelProviders.of(new EchoModelProvider()), SessionServiceConfig.defaults("echo", "echo-1"),
                TestApi.defaultSettings());

        Reply reply = broken.run(Events.run());

        assertProblem(reply, 500, "INTERNAL_ERROR");
        assertThat(reply.body()).doesNotContain("secret", "arn:aws", "IllegalStateException", "Exploding");
        assertThat(broken.stored("alice-1")).isEmpty();
    }

    @Test
    void unexpectedStoreFailureOnReadIsInternalError() {
        InMemorySessionStore store = new InMemorySessionStore();
        TestApi broken = TestApi.create(store, new ExplodingStore(store, "boom on load").onLoad(),
                ModelProviders.of(new EchoModelProvider()), SessionServiceConfig.defaults("echo", "echo-1"),
                TestApi.defaultSettings());

        Reply reply = broken.get(Events.get());

        assertProblem(reply, 500, "INTERNAL_ERROR");
        assertThat(reply.body()).doesNotContain("boom");
    }

    /** Echo, until told to fail. */
    private static final class FlakyModel implements ModelProvider {
        static final String NAME = "flaky";
        private final EchoModelProvider echo = new EchoModelProvider();
        private volatile RuntimeException failure;
        private volatile boolean empty;

        void failWith(RuntimeException failure) {
            this.failure = failure;
        }

        void answerNothing() {
            this.empty = true;
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public ModelResponse respond(ModelRequest request) {
            if (failure != null) {
                throw failure;
            }
            return empty ? new ModelResponse(List.of(), null) : echo.respond(request);
        }
    }

    /** Delegates to an in-memory store but throws an unexpected exception on commit (or on load). */
    private static final class ExplodingStore extends DelegatingStore {
        private final String message;
        private boolean onLoad;

        ExplodingStore(SessionStore delegate, String message) {
            super(delegate);
            this.message = message;
        }

        ExplodingStore onLoad() {
            this.onLoad = true;
            return this;
        }

        @Override
        public Optional<SessionRecord> load(SessionKey key) {
            if (onLoad) {
                throw new IllegalStateException(message);
            }
            return super.load(key);
        }

        @Override
        public void commit(Optional<SessionRecord> expected, SessionRecord next, List<StoredItem> newItems) {
            throw new IllegalStateException(message);
        }

        @Override
        public void remove(SessionRecord expected) {
            throw new IllegalStateException(message);
        }
    }
}
