package io.agentsessions.core.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsessions.core.agent.Agent;
import io.agentsessions.core.agent.AgentRegistry;
import io.agentsessions.core.agent.InstructionsTemplate;
import io.agentsessions.core.error.ConcurrentUpdateException;
import io.agentsessions.core.error.InvalidRequestException;
import io.agentsessions.core.error.ModelException;
import io.agentsessions.core.error.SessionNotFoundException;
import io.agentsessions.core.json.Json;
import io.agentsessions.core.model.ModelProvider;
import io.agentsessions.core.model.ModelProviders;
import io.agentsessions.core.model.ModelRequest;
import io.agentsessions.core.model.ModelResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * The sessions API, independent of any transport: run a turn, read a session, set or merge its
 * context, data and settings, clear it, delete it.
 *
 * <p>A run calls the model before writing anything, then appends the input and the output as one
 * atomic turn. When another writer wins the race, the turn is appended after the winner's (the
 * model is not called again); only after {@link SessionServiceConfig#maxCommitAttempts()} losses
 * does the run fail with {@link ConcurrentUpdateException}, with nothing written.
 */
public final class SessionService {
    private static final System.Logger LOG = System.getLogger(SessionService.class.getName());
    /** DynamoDB transactions hold 100 actions; one is the session record. */
    private static final int MAX_TURN_ITEMS = 99;
    /** Time kept back from the caller's deadline for writing the turn. */
    private static final Duration WRITE_RESERVE = Duration.ofSeconds(2);

    private final SessionStore store;
    private final AgentRegistry agents;
    private final ModelProviders providers;
    private final SessionServiceConfig config;
    private final Clock clock;

    public SessionService(SessionStore store, AgentRegistry agents, ModelProviders providers,
                          SessionServiceConfig config, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.agents = Objects.requireNonNull(agents, "agents");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.config = Objects.requireNonNull(config, "config");
        // Stores keep times in milliseconds: answers carry the same precision as later reads.
        this.clock = Clock.tick(Objects.requireNonNull(clock, "clock"), Duration.ofMillis(1));
    }

    /**
     * Runs one turn: loads the session (creating it on first use, or afresh if it expired), sends
     * the agent's instructions and the recent history plus the input to the model, and appends
     * input and output atomically.
     *
     * @param deadline when the caller stops waiting (e.g. Lambda's remaining time)
     */
    public RunResult run(SessionKey key, RunRequest request, Instant deadline) {
        for (ObjectNode item : request.input()) {
            checkItemSize(item, "An input item");
        }
        Agent agent = resolveAgent(request);
        ModelProvider provider = providers.get(agent.provider() != null ? agent.provider() : config.defaultProvider());
        String model = agent.model() != null ? agent.model() : config.defaultModel();
        if (model == null) {
            throw new InvalidRequestException("INVALID_REQUEST",
                    "Agent '" + agent.name() + "' names no model and the deployment has no default model.");
        }

        Instant now = clock.instant();
        Optional<SessionRecord> stored = store.load(key);
        SessionRecord base = stored.filter(r -> r.isLiveAt(now)).orElse(null);
        int maxHistory = base == null ? config.defaultMaxHistory() : maxHistory(base);
        List<StoredItem> window = base == null ? List.of() : window(base, maxHistory);

        List<ObjectNode> modelInput = new ArrayList<>(window.size() + request.input().size());
        window.forEach(item -> modelInput.add(item.item()));
        modelInput.addAll(request.input());
        ObjectNode context = base == null ? Json.object() : base.context();
        Duration timeout = modelTimeout(provider.name(), now, deadline);
        ModelResponse response = provider.respond(new ModelRequest(model,
                InstructionsTemplate.render(agent.instructions(), context), modelInput, agent.temperature(),
                agent.maxOutputTokens(), timeout));
        if (response.output().isEmpty()) {
            throw ModelException.failed(provider.name(), "it returned no output", null);
        }
        if (response.output().size() + request.input().size() > MAX_TURN_ITEMS) {
            throw ModelException.failed(provider.name(), "it returned more items than one turn can hold", null);
        }
        for (ObjectNode item : response.output()) {
            if (jsonBytes(item) > config.maxItemBytes()) {
                throw ModelException.failed(provider.name(), "its answer is larger than the largest storable item", null);
            }
        }

        String turnId = UUID.randomUUID().toString();
        for (int attempt = 1; ; attempt++) {
            Instant writtenAt = clock.instant();
            SessionRecord current = base != null && base.isLiveAt(writtenAt) ? base : null;
            SessionRecord start = current != null ? current : newSession(key, writtenAt, Json.object(),
                    Json.object(), SessionSettings.DEFAULTS);
            List<StoredItem> newItems = new ArrayList<>();
            long seq = start.itemCount();
            for (ObjectNode item : request.input()) {
                newItems.add(new StoredItem(seq++, turnId, writtenAt, null, item));
            }
            for (ObjectNode item : response.output()) {
                newItems.add(new StoredItem(seq++, turnId, writtenAt, agent.name(), item));
            }
            Optional<SessionRecord> expected = current != null ? Optional.of(current) : stored;
            SessionRecord next = touch(start, writtenAt, seq, expected);
            try {
                store.commit(expected, next, newItems);
                purgeReplaced(expected, next);
                return new RunResult(next, agent.name(), response.finalOutput(), newItems, response.usage());
            } catch (StaleSessionException lost) {
                if (attempt >= config.maxCommitAttempts() || clock.instant().isAfter(deadline)) {
                    throw new ConcurrentUpdateException(key.sessionId(), attempt);
                }
                pause(attempt);
                stored = store.load(key);
                base = stored.filter(r -> r.isLiveAt(clock.instant())).orElse(null);
            }
        }
    }

    /** The session and one page of its messages. */
    public SessionPage get(SessionKey key, PageRequest page) {
        SessionRecord session = live(key);
        Cursor cursor = page.cursor() == null ? null : Cursor.decode(page.cursor(), page.ascending());
        if (cursor != null && !cursor.incarnation().equals(session.incarnation())) {
            // The session was cleared or re-created after the cursor was issued: nothing follows.
            return new SessionPage(session, List.of(), null);
        }
        long count = session.itemCount();
        if (cursor != null && cursor.seq() >= count) {
            throw new InvalidRequestException("INVALID_CURSOR",
                    "The cursor is not one this API issued; pass 'nextCursor' from the previous page unchanged.");
        }
        long from;
        long to;
        if (page.ascending()) {
            from = cursor == null ? 0 : cursor.seq() + 1;
            to = count;
        } else {
            from = 0;
            to = cursor == null ? count : cursor.seq();
        }
        List<StoredItem> items = store.items(session, from, to, page.ascending(), page.limit(), page.maxBytes());
        String next = null;
        if (!items.isEmpty()) {
            long last = items.get(items.size() - 1).seq();
            boolean more = page.ascending() ? last + 1 < count : last > 0;
            if (more) {
                next = new Cursor(session.incarnation(), page.ascending(), last).encode();
            }
        }
        return new SessionPage(session, items, next);
    }

    /**
     * Creates the session, or replaces its context, data and settings; the history is kept.
     *
     * @return the record and whether it was created
     */
    public Map.Entry<SessionRecord, Boolean> put(SessionKey key, ObjectNode context, ObjectNode data,
                                                 SessionSettings settings) {
        ObjectNode newContext = context == null ? Json.object() : context;
        ObjectNode newData = data == null ? Json.object() : data;
        SessionSettings newSettings = settings == null ? SessionSettings.DEFAULTS : settings;
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            Optional<SessionRecord> stored = store.load(key);
            SessionRecord current = stored.filter(r -> r.isLiveAt(now)).orElse(null);
            Optional<SessionRecord> expected = current != null ? Optional.of(current) : stored;
            SessionRecord next = current == null
                    ? touch(newSession(key, now, newContext, newData, newSettings), now, 0, expected)
                    : touch(with(current, newContext, newData, newSettings), now, current.itemCount(), expected);
            try {
                store.commit(expected, next, List.of());
                purgeReplaced(expected, next);
                return Map.entry(next, current == null);
            } catch (StaleSessionException lost) {
                retryOrGiveUp(key, attempt);
            }
        }
    }

    /**
     * Merges changes into an existing session: {@code contextPatch} and {@code dataPatch} are JSON
     * merge patches (RFC 7396: a null value removes the key).
     */
    public SessionRecord patch(SessionKey key, ObjectNode contextPatch, ObjectNode dataPatch, SettingsPatch settings) {
        return update(key, current -> with(current,
                contextPatch == null ? current.context() : mergePatch(current.context(), contextPatch),
                dataPatch == null ? current.data() : mergePatch(current.data(), dataPatch),
                settings.applyTo(current.settings())));
    }

    /** Empties the history; id, context, data and settings stay. */
    public void clear(SessionKey key) {
        String[] replaced = new String[1];
        update(key, current -> {
            replaced[0] = current.incarnation();
            return new SessionRecord(current.key(), current.version(), newIncarnation(clock.instant()),
                    current.createdAt(), current.updatedAt(), current.expiresAt(), current.context(), current.data(),
                    current.settings(), 0);
        });
        purgeQuietly(key, replaced[0]);
    }

    /** Deletes the session for good: a later get answers not found. */
    public void delete(SessionKey key) {
        for (int attempt = 1; ; attempt++) {
            Optional<SessionRecord> stored = store.load(key);
            if (stored.isEmpty()) {
                throw new SessionNotFoundException(key.sessionId());
            }
            boolean wasLive = stored.get().isLiveAt(clock.instant());
            try {
                store.remove(stored.get());
            } catch (StaleSessionException lost) {
                retryOrGiveUp(key, attempt);
                continue;
            }
            purgeQuietly(key, stored.get().incarnation());
            if (!wasLive) {
                // Expired sessions are already gone for callers; removing the remains is housekeeping.
                throw new SessionNotFoundException(key.sessionId());
            }
            return;
        }
    }

    /**
     * Archives older items until at most {@code keepHot} are hot (never those the model's window
     * needs), one chunk per step, until done or {@code deadline}. The seed's {@code archive()}.
     *
     * @return the record afterwards
     */
    public SessionRecord archive(SessionKey key, long keepHot, Instant deadline) {
        SessionRecord current = live(key);
        int attempt = 0;
        while (clock.instant().isBefore(deadline)) {
            long keep = Math.max(keepHot, maxHistory(current));
            long before = current.itemCount() - keep;
            if (before <= current.archivedCount()) {
                return current;
            }
            try {
                Optional<SessionRecord> next = store.archive(current, before);
                if (next.isEmpty()) {
                    return current;
                }
                current = next.get();
                attempt = 0;
            } catch (StaleSessionException lost) {
                // A run or another archiver got there first: reload and continue from where it left off.
                retryOrGiveUp(key, ++attempt);
                current = live(key);
            }
        }
        return current;
    }

    /** Archives on request: everything but the model's window. */
    public SessionRecord archiveAll(SessionKey key, Instant deadline) {
        return archive(key, 0, deadline);
    }

    /**
     * Automatic archiving (the table stream's archiver calls this): when more than the configured
     * hot limit is hot, archive down to half of it, so the next step is many runs away.
     */
    public SessionRecord archiveIfNeeded(SessionKey key, Instant deadline) {
        SessionRecord current = live(key);
        if (current.hotCount() <= config.archiveHotLimit()) {
            return current;
        }
        return archive(key, config.archiveHotLimit() / 2, deadline);
    }

    /** Hot items at which a session needs archiving, for the stream filter. */
    public int archiveHotLimit() {
        return config.archiveHotLimit();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private SessionRecord update(SessionKey key, UnaryOperator<SessionRecord> change) {
        for (int attempt = 1; ; attempt++) {
            SessionRecord current = live(key);
            Instant now = clock.instant();
            SessionRecord changed = change.apply(current);
            SessionRecord next = touch(changed, now, changed.itemCount(), Optional.of(current));
            try {
                store.commit(Optional.of(current), next, List.of());
                return next;
            } catch (StaleSessionException lost) {
                retryOrGiveUp(key, attempt);
            }
        }
    }

    private SessionRecord live(SessionKey key) {
        Instant now = clock.instant();
        return store.load(key).filter(r -> r.isLiveAt(now))
                .orElseThrow(() -> new SessionNotFoundException(key.sessionId()));
    }

    private List<StoredItem> window(SessionRecord session, int maxHistory) {
        long count = session.itemCount();
        List<StoredItem> newestFirst = new ArrayList<>(store.items(session, Math.max(0, count - maxHistory), count,
                false, maxHistory));
        Collections.reverse(newestFirst);
        // Never split a tool call from its output: a window that would start with outputs whose calls
        // fell outside it starts after them instead (models reject outputs without their call).
        int start = 0;
        while (start < newestFirst.size() && isToolOutput(newestFirst.get(start).item())) {
            start++;
        }
        return newestFirst.subList(start, newestFirst.size());
    }

    private static boolean isToolOutput(ObjectNode item) {
        String type = item.path("type").asText("");
        return type.endsWith("_call_output") || "function_call_output".equals(type);
    }

    private static int jsonBytes(ObjectNode item) {
        return Json.write(item).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private void checkItemSize(ObjectNode item, String what) {
        int bytes = jsonBytes(item);
        if (bytes > config.maxItemBytes()) {
            throw new io.agentsessions.core.error.PayloadTooLargeException("ITEM_TOO_LARGE", what + " is " + bytes
                    + " bytes; the limit is " + config.maxItemBytes() + " bytes. Nothing was written.");
        }
    }

    private int maxHistory(SessionRecord session) {
        Integer own = session.settings().maxHistory();
        return own != null ? own : config.defaultMaxHistory();
    }

    private Duration modelTimeout(String provider, Instant now, Instant deadline) {
        Duration left = Duration.between(now, deadline).minus(WRITE_RESERVE);
        Duration timeout = left.compareTo(config.modelTimeout()) < 0 ? left : config.modelTimeout();
        if (timeout.isNegative() || timeout.isZero()) {
            // No time left to call the model and still write the turn before the caller gives up.
            throw ModelException.timeout(provider, Duration.ZERO, null);
        }
        return timeout;
    }

    /** A fresh record; its new incarnation hides any items of an expired or deleted predecessor. */
    private SessionRecord newSession(SessionKey key, Instant now, ObjectNode context, ObjectNode data,
                                     SessionSettings settings) {
        checkStateSize(context, data);
        return new SessionRecord(key, 1, newIncarnation(now), now, now, null, context, data, settings, 0);
    }

    /** The record as written: version one past the expected one, times and expiry refreshed. */
    private SessionRecord touch(SessionRecord record, Instant now, long itemCount, Optional<SessionRecord> expected) {
        long ttl = record.settings().ttlSeconds() != null ? record.settings().ttlSeconds() : config.defaultTtlSeconds();
        // Whole seconds: DynamoDB's TTL attribute is epoch seconds, and every store must agree.
        Instant expiresAt = ttl == 0 ? null : Instant.ofEpochSecond(now.getEpochSecond() + ttl);
        long version = expected.map(SessionRecord::version).orElse(0L) + 1;
        return new SessionRecord(record.key(), version, record.incarnation(), record.createdAt(), now, expiresAt,
                record.context(), record.data(), record.settings(), itemCount, record.archivedCount());
    }

    /** Context and data together; keeps the session record (read on every run) small. */
    public static final int MAX_STATE_BYTES = 128 * 1024;

    private static SessionRecord with(SessionRecord current, ObjectNode context, ObjectNode data,
                                      SessionSettings settings) {
        checkStateSize(context, data);
        return new SessionRecord(current.key(), current.version(), current.incarnation(), current.createdAt(),
                current.updatedAt(), current.expiresAt(), context, data, settings, current.itemCount(),
                current.archivedCount());
    }

    private static void checkStateSize(ObjectNode context, ObjectNode data) {
        long bytes = (long) jsonBytes(context) + jsonBytes(data);
        if (bytes > MAX_STATE_BYTES) {
            throw new io.agentsessions.core.error.PayloadTooLargeException("PAYLOAD_TOO_LARGE", "context and data"
                    + " together would be " + bytes + " bytes; the limit is " + MAX_STATE_BYTES + ". Nothing was changed.");
        }
    }

    private Agent resolveAgent(RunRequest request) {
        if (request.inlineAgent() == null) {
            return agents.get(request.agentName());
        }
        if (!config.allowInlineAgents()) {
            throw new InvalidRequestException("INLINE_AGENTS_DISABLED",
                    "This deployment only runs configured agents; pass an agent name.");
        }
        return request.inlineAgent();
    }

    /** After an expired session was started afresh, its old items are removed like a clear's. */
    private void purgeReplaced(Optional<SessionRecord> expected, SessionRecord next) {
        if (expected.isPresent() && !expected.get().incarnation().equals(next.incarnation())) {
            purgeQuietly(next.key(), expected.get().incarnation());
        }
    }

    /**
     * Purges a dropped incarnation within the purge budget, then any earlier ones still pending.
     * Whatever does not finish stays recorded as pending: the table stream's purger (and the next
     * clear or delete) finishes it. The items are unreachable either way.
     */
    private void purgeQuietly(SessionKey key, String incarnation) {
        Instant deadline = clock.instant().plus(config.purgeBudget());
        try {
            if (!store.purge(key, incarnation, deadline)) {
                LOG.log(System.Logger.Level.INFO, "purge did not finish in time; it stays pending for the purger");
                return;
            }
            for (String pending : store.pendingPurges(key, 10)) {
                if (!store.purge(key, pending, deadline)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "purge failed; it stays pending for the purger", e);
        }
    }

    /**
     * Finishes the purge of a dropped incarnation (the table stream's purger calls this).
     *
     * @return true when nothing of it is left
     */
    public boolean purgeDropped(SessionKey key, String incarnation, Instant deadline) {
        return store.purge(key, incarnation, deadline);
    }

    private void retryOrGiveUp(SessionKey key, int attempt) {
        if (attempt >= config.maxCommitAttempts()) {
            throw new ConcurrentUpdateException(key.sessionId(), attempt);
        }
        pause(attempt);
    }

    private static void pause(int attempt) {
        long ceiling = Math.min(200, 5L * (1L << Math.min(attempt, 6)));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying", e);
        }
    }

    private String newIncarnation(Instant now) {
        // UUID.randomUUID draws from a SecureRandom that stays unique across SnapStart restores.
        UUID uuid = UUID.randomUUID();
        return Long.toString(now.toEpochMilli(), 36) + Long.toString(uuid.getLeastSignificantBits() >>> 16, 36);
    }

    /** RFC 7396 JSON merge patch of objects. */
    static ObjectNode mergePatch(ObjectNode target, ObjectNode patch) {
        ObjectNode result = target.deepCopy();
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                result.remove(field.getKey());
            } else if (value.isObject() && result.get(field.getKey()) instanceof ObjectNode existing) {
                result.set(field.getKey(), mergePatch(existing, (ObjectNode) value));
            } else {
                result.set(field.getKey(), value.deepCopy());
            }
        }
        return result;
    }

    /** Opaque page cursor: incarnation, direction and the last sequence number returned. */
    private record Cursor(String incarnation, boolean ascending, long seq) {
        String encode() {
            String raw = "v1|" + incarnation + "|" + (ascending ? "a" : "d") + "|" + seq;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String text, boolean ascending) {
            String[] parts;
            long seq;
            try {
                parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|");
                seq = parts.length == 4 ? Long.parseLong(parts[3]) : -1;
            } catch (IllegalArgumentException e) {
                throw badCursor(e);
            }
            if (parts.length != 4 || !"v1".equals(parts[0]) || parts[1].isEmpty() || seq < 0
                    || !("a".equals(parts[2]) || "d".equals(parts[2]))) {
                throw badCursor(null);
            }
            if ("a".equals(parts[2]) != ascending) {
                throw new InvalidRequestException("INVALID_CURSOR",
                        "This cursor belongs to the other order; pass the same 'order' as for the first page.");
            }
            return new Cursor(parts[1], ascending, seq);
        }

        private static InvalidRequestException badCursor(Throwable cause) {
            return new InvalidRequestException("INVALID_CURSOR",
                    "The cursor is not one this API issued; pass 'nextCursor' from the previous page unchanged.", cause);
        }
    }
}
