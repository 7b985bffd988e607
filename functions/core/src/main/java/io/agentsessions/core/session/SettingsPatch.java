package io.agentsessions.core.session;

/**
 * Changes to settings in a merge patch: a setting is left alone unless its {@code set} flag is
 * true; set to {@code null} it returns to the deployment default.
 */
public record SettingsPatch(boolean setMaxHistory, Integer maxHistory, boolean setTtlSeconds, Long ttlSeconds) {
    /** No change. */
    public static final SettingsPatch NONE = new SettingsPatch(false, null, false, null);

    public SettingsPatch {
        new SessionSettings(maxHistory, ttlSeconds); // validates ranges
    }

    /** The settings after this patch. */
    public SessionSettings applyTo(SessionSettings settings) {
        return new SessionSettings(setMaxHistory ? maxHistory : settings.maxHistory(),
                setTtlSeconds ? ttlSeconds : settings.ttlSeconds());
    }
}
