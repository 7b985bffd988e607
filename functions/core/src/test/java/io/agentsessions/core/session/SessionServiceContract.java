package io.agentsessions.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsessions.core.agent.Agent;
import io.agentsessions.core.agent.AgentRegistry;
import io.agentsessions.core.error.ConcurrentUpdateException;
import io.agentsessions.core.error.ModelException;
import io.agentsessions.core.error.SessionNotFoundException;
import io.agentsessions.core.error.UnknownAgentException;
import io.agentsessions.core.json.Json;
import io.agentsessions.core.model.Items;
import io.agentsessions.core.model.ModelProviders;
import io.agentsessions.core.model.ModelRequest;
import io.agentsessions.core.model.Usage;
import io.agentsessions.core.model.echo.EchoModelProvider;
import io.agentsessions.core.testing.DelegatingStore;
import io.agentsessions.core.testing.MutableClock;
import io.agentsessions.core.testing.RecordingModelProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of the sessions API on a given store. Runs against the in-memory store in unit
 * tests and against DynamoDB Local (and LocalStack where Docker exists) in integration tests.
 */
public abstract class SessionServiceContract {
    protected final MutableClock clock = MutableClock.startingNow();
    /** The echo model, recording what it saw; shared by every service a test builds. */
    private final RecordingModelProvider model = new RecordingModelProvider(new EchoModelProvider());
    /** Every request the model saw, in order. */
    protected final List<ModelRequest> seen = model.requests();
    protected SessionStore store;
    protected SessionService service;

    protected abstract SessionStore newStore();

    @BeforeEach
    void createService() {
        store = newStore();
        service = newService(store, 40);
    }

    protected SessionService newService(SessionStore sessionStore, int maxCommitAttempts) {
        AgentRegistry agents = new AgentRegistry(List.of(
                new Agent("assistant", "Remember what the user tells you.", null, null, null, null),
                new Agent("triage", "Summarize the need.", null, null, null, null),
                new Agent("writer", "Write the answer.", null, null, null, null),
                new Agent("personal", "Answer in {{context.preferences.language}} for user {{context.user_id}}.",
                        null, null, null, null)));
        var config = new SessionServiceConfig("echo", "echo-1", 50, 0, Duration.ofSeconds(20), maxCommitAttempts,
                Duration.ofSeconds(10), true);
        return new SessionService(sessionStore, agents, ModelProviders.of(model), config, clock);
    }

    protected static SessionKey newKey() {
        return new SessionKey("owner-" + UUID.randomUUID(), "s-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private RunResult run(SessionKey key, String text, String agent) {
        return service.run(key, new RunRequest(List.of(Items.userText(text)), agent, null), deadline());
    }

    private Instant deadline() {
        return clock.instant().plusSeconds(60);
    }

    private static List<String> texts(List<ObjectNode> items) {
        return items.stream().map(item -> item.path("role").asText() + ":" + Items.text(item)).toList();
    }

    @Test
    void secondRunSeesTheFirstExchangeAsHistory() {
        SessionKey key = newKey();
        RunResult first = run(key, "My name is Alice", "assistant");
        RunResult second = run(key, "What is my name?", "assistant");

        assertThat(first.finalOutput()).startsWith("echo: My name is Alice");
        assertThat(texts(seen.get(1).input())).containsExactly(
                "user:My name is Alice", "assistant:" + first.finalOutput(), "user:What is my name?");
        assertThat(seen.get(1).instructions()).isEqualTo("Remember what the user tells you.");
        assertThat(second.finalOutput()).contains("saw 3 items").contains("user \"My name is Alice\"");
        assertThat(second.session().itemCount()).isEqualTo(4);
    }

    @Test
    void historySurvivesANewServiceOnTheSameStore() {
        SessionKey key = newKey();
        run(key, "My name is Alice", "assistant");

        SessionService restarted = newService(store, 40);
        restarted.run(key, new RunRequest(List.of(Items.userText("What is my name?")), "assistant", null), deadline());

        assertThat(texts(seen.get(1).input())).first().isEqualTo("user:My name is Alice");
    }

    @Test
    void theModelSeesOnlyTheLastMaxHistoryItems() {
        SessionKey key = newKey();
        service.put(key, null, null, new SessionSettings(3, null));
        for (int i = 1; i <= 4; i++) {
            run(key, "message " + i, "assistant");
        }
        List<String> lastInput = texts(seen.get(3).input());
        assertThat(lastInput).hasSize(4);
        assertThat(lastInput.get(0)).isEqualTo("assistant:" + Items.text(
                service.get(key, new PageRequest(100, true, null)).items().get(3).item()));
        assertThat(lastInput.get(3)).isEqualTo("user:message 4");
    }

    /** One turn whose input is a user message, a tool call and its output; the model adds an answer. */
    private void runToolTurn(SessionKey key) throws Exception {
        ObjectNode call = (ObjectNode) Json.mapper().readTree(
                "{\"type\":\"function_call\",\"call_id\":\"c1\",\"name\":\"weather\",\"arguments\":\"{}\"}");
        ObjectNode output = (ObjectNode) Json.mapper().readTree(
                "{\"type\":\"function_call_output\",\"call_id\":\"c1\",\"output\":\"sunny\"}");
        service.run(key, new RunRequest(List.of(Items.userText("weather?"), call, output), "assistant", null),
                deadline());
    }

    @Test
    void theWindowNeverStartsWithAToolOutputWhoseCallFellOutsideIt() throws Exception {
        SessionKey key = newKey();
        service.put(key, null, null, new SessionSettings(2, null));
        runToolTurn(key); // items: 0 user, 1 call, 2 output, 3 assistant

        run(key, "thanks", "assistant");

        // maxHistory 2 would be [output, assistant] + input: the orphaned output is left out, never sent alone.
        List<String> types = seen.get(1).input().stream().map(item -> Items.type(item)).toList();
        assertThat(types).doesNotContain("function_call_output");
        assertThat(texts(seen.get(1).input())).last().isEqualTo("user:thanks");
        assertThat(seen.get(1).input()).hasSize(2);
    }

    @Test
    void aToolCallAndItsOutputInsideTheWindowAreBothSent() throws Exception {
        SessionKey key = newKey();
        service.put(key, null, null, new SessionSettings(3, null));
        runToolTurn(key);

        run(key, "thanks", "assistant");

        List<String> types = seen.get(1).input().stream().map(item -> Items.type(item)).toList();
        assertThat(types).containsExactly("function_call", "function_call_output", "message", "message");
    }

    @Test
    void runReturnsNewItemsWithAgentOnlyOnModelOutput() {
        SessionKey key = newKey();
        RunResult result = run(key, "hello", "assistant");

        assertThat(result.newItems()).extracting(StoredItem::seq).containsExactly(0L, 1L);
        assertThat(result.newItems()).extracting(StoredItem::agent).containsExactly(null, "assistant");
        assertThat(result.newItems()).extracting(StoredItem::turnId).containsOnly(result.newItems().get(0).turnId());
        assertThat(result.usage().totalTokens()).isPositive();
    }

    @Test
    void twoAgentsOnOneSessionSeeEachOthersTurnsAndItemsRecordTheirAgent() {
        SessionKey key = newKey();
        RunResult triage = run(key, "I need a refund for order 12345", "triage");
        run(key, "Please write the answer", "writer");

        assertThat(texts(seen.get(1).input())).contains("assistant:" + triage.finalOutput());
        assertThat(seen.get(1).instructions()).isEqualTo("Write the answer.");
        List<StoredItem> items = service.get(key, new PageRequest(10, true, null)).items();
        assertThat(items).extracting(StoredItem::agent).containsExactly(null, "triage", null, "writer");
    }

    @Test
    void instructionsUseTheSessionContext() throws Exception {
        SessionKey key = newKey();
        ObjectNode context = (ObjectNode) Json.mapper().readTree(
                "{\"user_id\":\"123\",\"preferences\":{\"language\":\"en\",\"timezone\":\"UTC\"}}");
        service.put(key, context, null, null);
        run(key, "hi", "personal");

        assertThat(seen.get(0).instructions()).isEqualTo("Answer in en for user 123.");
    }

    @Test
    void inlineAgentIsUsedAndRecorded() {
        SessionKey key = newKey();
        Agent inline = new Agent("pirate", "Talk like a pirate.", null, null, null, null);
        RunResult result = service.run(key, new RunRequest(List.of(Items.userText("ahoy")), null, inline), deadline());

        assertThat(seen.get(0).instructions()).isEqualTo("Talk like a pirate.");
        assertThat(result.newItems().get(1).agent()).isEqualTo("pirate");
    }

    @Test
    void unknownAgentWritesNothing() {
        SessionKey key = newKey();
        assertThatThrownBy(() -> run(key, "hi", "nobody")).isInstanceOf(UnknownAgentException.class);
        assertThat(store.load(key)).isEmpty();
    }

    @Test
    void modelFailureLeavesTheSessionExactlyAsItWas() {
        SessionKey key = newKey();
        run(key, "first", "assistant");
        SessionRecord before = store.load(key).orElseThrow();

        model.failWith(ModelException.timeout("echo", Duration.ofSeconds(1), null));
        assertThatThrownBy(() -> run(key, "second", "assistant")).isInstanceOf(ModelException.class);
        model.failWith(ModelException.failed("echo", "boom", null));
        assertThatThrownBy(() -> run(key, "third", "assistant")).isInstanceOf(ModelException.class);

        assertThat(store.load(key)).contains(before);
        assertThat(service.get(key, new PageRequest(10, true, null)).items()).hasSize(2);
    }

    @Test
    void modelFailureOnFirstRunCreatesNoSession() {
        SessionKey key = newKey();
        model.failWith(ModelException.rateLimited("echo", null));
        assertThatThrownBy(() -> run(key, "first", "assistant")).isInstanceOf(ModelException.class);
        assertThat(store.load(key)).isEmpty();
    }

    @Test
    void getPagesThroughMessagesInBothDirections() {
        SessionKey key = newKey();
        for (int i = 0; i < 5; i++) {
            run(key, "m" + i, "assistant");
        }
        List<Long> ascending = collect(key, true, 3);
        List<Long> descending = collect(key, false, 4);

        assertThat(ascending).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(descending).containsExactly(9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L, 0L);
    }

    private List<Long> collect(SessionKey key, boolean ascending, int limit) {
        List<Long> seqs = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            SessionPage page = service.get(key, new PageRequest(limit, ascending, cursor));
            page.items().forEach(item -> seqs.add(item.seq()));
            cursor = page.nextCursor();
            assertThat(++pages).isLessThan(20);
        } while (cursor != null);
        return seqs;
    }

    @Test
    void lastPageHasNoCursorAndExactPageBoundaryToo() {
        SessionKey key = newKey();
        run(key, "a", "assistant");
        run(key, "b", "assistant");
        assertThat(service.get(key, new PageRequest(4, true, null)).nextCursor()).isNull();
        SessionPage first = service.get(key, new PageRequest(2, false, null));
        assertThat(first.nextCursor()).isNotNull();
        SessionPage second = service.get(key, new PageRequest(2, false, first.nextCursor()));
        assertThat(second.items()).extracting(StoredItem::seq).containsExactly(1L, 0L);
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void clearEmptiesHistoryButKeepsContextDataAndSettings() {
        SessionKey key = newKey();
        service.put(key, Json.object().put("user_id", "123"), Json.object().put("theme", "dark"),
                new SessionSettings(7, null));
        run(key, "My name is Alice", "assistant");

        service.clear(key);
        SessionPage page = service.get(key, PageRequest.first());
        assertThat(page.items()).isEmpty();
        assertThat(page.session().itemCount()).isZero();
        assertThat(page.session().context()).isEqualTo(Json.object().put("user_id", "123"));
        assertThat(page.session().data()).isEqualTo(Json.object().put("theme", "dark"));
        assertThat(page.session().settings().maxHistory()).isEqualTo(7);

        run(key, "What is my name?", "assistant");
        assertThat(texts(seen.get(1).input())).containsExactly("user:What is my name?");
    }

    @Test
    void cursorFromBeforeAClearYieldsAnEmptyPage() {
        SessionKey key = newKey();
        for (int i = 0; i < 3; i++) {
            run(key, "m" + i, "assistant");
        }
        String cursor = service.get(key, new PageRequest(2, true, null)).nextCursor();
        service.clear(key);
        run(key, "after", "assistant");

        SessionPage page = service.get(key, new PageRequest(2, true, cursor));
        assertThat(page.items()).isEmpty();
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void deleteRemovesTheSessionAndALaterRunStartsAfresh() {
        SessionKey key = newKey();
        run(key, "My name is Alice", "assistant");
        service.delete(key);

        assertThatThrownBy(() -> service.get(key, PageRequest.first())).isInstanceOf(SessionNotFoundException.class)
                .hasFieldOrPropertyWithValue("code", "SESSION_NOT_FOUND");
        assertThatThrownBy(() -> service.delete(key)).isInstanceOf(SessionNotFoundException.class);
        assertThatThrownBy(() -> service.clear(key)).isInstanceOf(SessionNotFoundException.class);

        run(key, "Who am I?", "assistant");
        assertThat(texts(seen.get(1).input())).containsExactly("user:Who am I?");
    }

    @Test
    void anExpiredSessionIsGoneAndARunStartsItAfresh() {
        SessionKey key = newKey();
        service.put(key, Json.object().put("k", "v"), null, new SessionSettings(null, 60L));
        run(key, "remember me", "assistant");
        assertThat(service.get(key, PageRequest.first()).session().expiresAt())
                .isEqualTo(Instant.ofEpochSecond(clock.instant().getEpochSecond() + 60));

        clock.advance(Duration.ofSeconds(61));
        assertThatThrownBy(() -> service.get(key, PageRequest.first())).isInstanceOf(SessionNotFoundException.class);
        assertThatThrownBy(() -> service.clear(key)).isInstanceOf(SessionNotFoundException.class);

        run(key, "who am I?", "assistant");
        assertThat(texts(seen.get(1).input())).containsExactly("user:who am I?");
        SessionPage page = service.get(key, PageRequest.first());
        assertThat(page.session().context()).isEqualTo(Json.object());
        assertThat(page.items()).hasSize(2);
    }

    @Test
    void activityExtendsTheExpiry() {
        SessionKey key = newKey();
        service.put(key, null, null, new SessionSettings(null, 60L));
        clock.advance(Duration.ofSeconds(50));
        run(key, "still here", "assistant");
        clock.advance(Duration.ofSeconds(50));

        assertThat(service.get(key, PageRequest.first()).items()).hasSize(2);
    }

    @Test
    void putCreatesThenReplacesAndPatchMerges() throws Exception {
        SessionKey key = newKey();
        var created = service.put(key, Json.object().put("a", 1), null, null);
        assertThat(created.getValue()).isTrue();
        var replaced = service.put(key, Json.object().put("b", 2), Json.object().put("d", 1), new SessionSettings(5, 0L));
        assertThat(replaced.getValue()).isFalse();
        assertThat(replaced.getKey().context()).isEqualTo(Json.object().put("b", 2));

        ObjectNode patch = (ObjectNode) Json.mapper().readTree("{\"b\":null,\"c\":{\"x\":1}}");
        SessionRecord patched = service.patch(key, patch, Json.object().put("e", 2),
                new SettingsPatch(true, null, false, null));
        assertThat(patched.context()).isEqualTo(Json.mapper().readTree("{\"c\":{\"x\":1}}"));
        assertThat(patched.data()).isEqualTo(Json.mapper().readTree("{\"d\":1,\"e\":2}"));
        assertThat(patched.settings()).isEqualTo(new SessionSettings(null, 0L));
    }

    @Test
    void patchOfAMissingSessionIsNotFoundAndCreatesNothing() {
        SessionKey key = newKey();
        assertThatThrownBy(() -> service.patch(key, Json.object(), null, SettingsPatch.NONE))
                .isInstanceOf(SessionNotFoundException.class);
        assertThat(store.load(key)).isEmpty();
    }

    @Test
    void putAndPatchKeepTheHistory() {
        SessionKey key = newKey();
        run(key, "hello", "assistant");
        service.put(key, Json.object().put("a", 1), null, null);
        service.patch(key, Json.object().put("b", 1), null, SettingsPatch.NONE);

        assertThat(service.get(key, PageRequest.first()).items()).hasSize(2);
    }

    @Test
    void concurrentRunsOnOneSessionLeaveCompleteContiguousTurns() throws Exception {
        SessionKey key = newKey();
        int runs = 20;
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<RunResult>> futures = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            String text = "turn " + i;
            futures.add(pool.submit(() -> {
                start.await();
                return run(key, text, "assistant");
            }));
        }
        start.countDown();
        for (Future<RunResult> future : futures) {
            future.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        List<StoredItem> all = new ArrayList<>();
        String cursor = null;
        do {
            SessionPage page = service.get(key, new PageRequest(100, true, cursor));
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(all).hasSize(2 * runs);
        assertThat(all).extracting(StoredItem::seq).containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, 2L * runs).boxed().toList());
        // Each turn is its input followed directly by its output, and every input appears once.
        for (int i = 0; i < all.size(); i += 2) {
            assertThat(all.get(i).turnId()).isEqualTo(all.get(i + 1).turnId());
            assertThat(all.get(i).agent()).isNull();
            assertThat(all.get(i + 1).agent()).isEqualTo("assistant");
            assertThat(Items.text(all.get(i + 1).item())).startsWith("echo: " + Items.text(all.get(i).item()));
        }
        Map<String, Long> inputs = all.stream().filter(item -> item.agent() == null)
                .collect(Collectors.groupingBy(item -> Items.text(item.item()), Collectors.counting()));
        assertThat(inputs).hasSize(runs).allSatisfy((text, count) -> assertThat(count).isEqualTo(1));
        assertThat(store.load(key).orElseThrow().itemCount()).isEqualTo(2L * runs);
    }

    @Test
    void runThatKeepsLosingGivesUpWithConcurrentUpdateAndWritesNothing() {
        SessionKey key = newKey();
        run(key, "first", "assistant");
        SessionRecord before = store.load(key).orElseThrow();
        SessionStore alwaysLosing = new DelegatingStore(store) {
            @Override
            public void commit(java.util.Optional<SessionRecord> expected, SessionRecord next, List<StoredItem> items) {
                throw new StaleSessionException(next.key(), null);
            }
        };
        SessionService losing = newService(alwaysLosing, 3);

        assertThatThrownBy(() -> losing.run(key, new RunRequest(List.of(Items.userText("x")), "assistant", null),
                deadline())).isInstanceOf(ConcurrentUpdateException.class)
                .hasFieldOrPropertyWithValue("code", "CONCURRENT_UPDATE");
        assertThat(store.load(key)).contains(before);
    }
}
