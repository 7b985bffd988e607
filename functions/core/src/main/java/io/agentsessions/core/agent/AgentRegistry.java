package io.agentsessions.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsessions.core.error.UnknownAgentException;
import io.agentsessions.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configured agents, by name. Loaded once per container from a JSON file of the form
 * {@code {"agents": [{"name", "instructions", "model", "provider", "temperature", "maxOutputTokens"}]}}.
 */
public final class AgentRegistry {
    private final Map<String, Agent> agents;

    /** A registry of the given agents; names must be unique. */
    public AgentRegistry(Collection<Agent> agents) {
        Map<String, Agent> byName = new LinkedHashMap<>();
        for (Agent agent : agents) {
            if (byName.putIfAbsent(agent.name(), agent) != null) {
                throw new IllegalArgumentException("duplicate agent name: " + agent.name());
            }
        }
        this.agents = Map.copyOf(byName);
    }

    /** Reads a registry from a file. */
    public static AgentRegistry fromFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read agents file " + file, e);
        }
    }

    /** Reads a registry from a classpath resource. */
    public static AgentRegistry fromResource(String resource) {
        try (InputStream in = AgentRegistry.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("agents resource not found: " + resource);
            }
            return fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read agents resource " + resource, e);
        }
    }

    private static AgentRegistry fromJson(InputStream in) throws IOException {
        JsonNode root = Json.mapper().readTree(in);
        JsonNode list = root.path("agents");
        if (!list.isArray()) {
            throw new IllegalStateException("agents file must hold {\"agents\": [...]}");
        }
        List<Agent> agents = new java.util.ArrayList<>();
        for (JsonNode node : list) {
            agents.add(AgentParser.parse(node));
        }
        return new AgentRegistry(agents);
    }

    /** The agent with this name. */
    public Agent get(String name) {
        Agent agent = agents.get(name);
        if (agent == null) {
            throw new UnknownAgentException(name);
        }
        return agent;
    }

    /** All agent names. */
    public java.util.Set<String> names() {
        return agents.keySet();
    }
}
