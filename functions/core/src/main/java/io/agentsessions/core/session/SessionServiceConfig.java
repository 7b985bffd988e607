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
 */
public record SessionServiceConfig(String defaultProvider, String defaultModel, int defaultMaxHistory,
                                   long defaultTtlSeconds, Duration modelTimeout, int maxCommitAttempts,
                                   Duration purgeBudget, boolean allowInlineAgents) {
    public SessionServiceConfig {
        Objects.requireNonNull(defaultProvider, "defaultProvider");
        Objects.requireNonNull(modelTimeout, "modelTimeout");
        Objects.requireNonNull(purgeBudget, "purgeBudget");
        new SessionSettings(defaultMaxHistory, defaultTtlSeconds); // validates ranges
        if (maxCommitAttempts < 1) {
            throw new IllegalArgumentException("maxCommitAttempts must be >= 1");
        }
    }

    /** Sensible defaults for the given provider and model. */
    public static SessionServiceConfig defaults(String defaultProvider, String defaultModel) {
        return new SessionServiceConfig(defaultProvider, defaultModel, 50, 0, Duration.ofSeconds(25), 40,
                Duration.ofSeconds(3), true);
    }
}
