package io.agentsessions.core.model;

import io.agentsessions.core.error.InvalidRequestException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** The model providers of a deployment, looked up by {@link ModelProvider#name()}. Immutable. */
public final class ModelProviders {
    private final Map<String, ModelProvider> byName;
    private final Set<String> names;

    private ModelProviders(Map<String, ModelProvider> byName) {
        this.byName = Map.copyOf(byName);
        this.names = Collections.unmodifiableSet(new TreeSet<>(byName.keySet()));
    }

    /**
     * A registry of the given providers.
     *
     * @throws IllegalArgumentException if two providers share a name
     */
    public static ModelProviders of(ModelProvider... providers) {
        Map<String, ModelProvider> byName = new LinkedHashMap<>();
        for (ModelProvider provider : providers) {
            Objects.requireNonNull(provider, "provider");
            String name = Objects.requireNonNull(provider.name(), "provider name");
            if (byName.putIfAbsent(name, provider) != null) {
                throw new IllegalArgumentException("Two model providers are named '" + name + "'");
            }
        }
        return new ModelProviders(byName);
    }

    /**
     * The provider with this name.
     *
     * @throws InvalidRequestException with code {@code UNKNOWN_PROVIDER} if none is registered
     */
    public ModelProvider get(String name) {
        ModelProvider provider = name == null ? null : byName.get(name);
        if (provider == null) {
            String shown = name == null ? "null" : "'" + (name.length() > 64 ? name.substring(0, 64) + "…" : name) + "'";
            throw new InvalidRequestException("UNKNOWN_PROVIDER", "No model provider named " + shown
                    + " is configured. Configured providers: " + String.join(", ", names) + ".");
        }
        return provider;
    }

    /** True if a provider with this name is registered. */
    public boolean contains(String name) {
        return name != null && byName.containsKey(name);
    }

    /** The registered names, sorted, unmodifiable. */
    public Set<String> names() {
        return names;
    }
}
