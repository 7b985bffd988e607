package io.agentsessions.core.session;

import java.time.Duration;
import java.util.Objects;

/**
 * Deployment-wide settings of the {@link SessionService}.
 *
 * @param defaultProvider   provider for agents that name none
 * @param defaultModel      model for agents that name none (may be null if every agent names one)
 * @param defaultMaxHistory items the model sees when a session sets no {@code maxHistory}
 * @param defaultTtlSeconds session lifetime after last activity when a session sets none; 0 = never
 * @param modelTimeout      longest a model call may take (kept below API Gateway's 30 s)
 * @param maxCommitAttempts how often a run retries its write after losing a race
 * @param purgeBudget       how long clear and delete spend deleting old items in the request
 * @param allowInlineAgents whether runs may pass an agent definition instead of a name
 * @param maxItemBytes      largest accepted item (serialized JSON); larger ones are ITEM_TOO_LARGE
 * @param archiveHotLimit   hot items a session may hold before older ones are archived to S3
 */
public record SessionServiceConfig(String defaultProvider, String defaultModel, int defaultMaxHistory,
                                   long defaultTtlSeconds, Duration modelTimeout, int maxCommitAttempts,
                                   Duration purgeBudget, boolean allowInlineAgents, int maxItemBytes,
                                   int archiveHotLimit) {
    /** Default largest item: 5 MiB. */
    public static final int DEFAULT_MAX_ITEM_BYTES = 5 * 1024 * 1024;
    /** Default hot tail before archiving: 1,000 items. */
    public static final int DEFAULT_ARCHIVE_HOT_LIMIT = 1000;

    public SessionServiceConfig {
        Objects.requireNonNull(defaultProvider, "defaultProvider");
        Objects.requireNonNull(modelTimeout, "modelTimeout");
        Objects.requireNonNull(purgeBudget, "purgeBudget");
        new SessionSettings(defaultMaxHistory, defaultTtlSeconds); // validates ranges
        if (maxCommitAttempts < 1 || maxItemBytes < 1 || archiveHotLimit < 1) {
            throw new IllegalArgumentException("maxCommitAttempts, maxItemBytes and archiveHotLimit must be >= 1");
        }
    }

    /** The earlier shape, with default item and archive limits. */
    public SessionServiceConfig(String defaultProvider, String defaultModel, int defaultMaxHistory,
                                long defaultTtlSeconds, Duration modelTimeout, int maxCommitAttempts,
                                Duration purgeBudget, boolean allowInlineAgents) {
        this(defaultProvider, defaultModel, defaultMaxHistory, defaultTtlSeconds, modelTimeout, maxCommitAttempts,
                purgeBudget, allowInlineAgents, DEFAULT_MAX_ITEM_BYTES, DEFAULT_ARCHIVE_HOT_LIMIT);
    }

    /** Sensible defaults for the given provider and model. */
    public static SessionServiceConfig defaults(String defaultProvider, String defaultModel) {
        return new SessionServiceConfig(defaultProvider, defaultModel, 50, 0, Duration.ofSeconds(25), 40,
                Duration.ofSeconds(3), true);
    }
}
