package io.agentsessions.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsessions.core.error.InvalidRequestException;
import java.util.regex.Pattern;

/** Reads an {@link Agent} from JSON, from the agents file or inline in a run request. */
public final class AgentParser {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final int MAX_INSTRUCTIONS = 32 * 1024;

    private AgentParser() {
    }

    /** Parses and validates one agent object. */
    public static Agent parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw invalid("An agent must be a JSON object or the name of a configured agent.");
        }
        String name = text(node, "name", true);
        if (!NAME.matcher(name).matches()) {
            throw invalid("Agent names must be 1 to 64 characters from A-Z, a-z, 0-9, '.', '_', ':' and '-'.");
        }
        String instructions = text(node, "instructions", false);
        if (instructions != null && instructions.length() > MAX_INSTRUCTIONS) {
            throw invalid("Agent instructions must be at most " + MAX_INSTRUCTIONS + " characters.");
        }
        Double temperature = null;
        JsonNode t = node.get("temperature");
        if (t != null && !t.isNull()) {
            if (!t.isNumber() || t.asDouble() < 0 || t.asDouble() > 2) {
                throw invalid("Agent temperature must be a number between 0 and 2.");
            }
            temperature = t.asDouble();
        }
        Integer maxOutputTokens = null;
        JsonNode m = node.get("maxOutputTokens");
        if (m != null && !m.isNull()) {
            if (!m.isIntegralNumber() || m.asLong() < 1 || m.asLong() > 1_000_000) {
                throw invalid("Agent maxOutputTokens must be a whole number between 1 and 1000000.");
            }
            maxOutputTokens = m.asInt();
        }
        return new Agent(name, instructions, text(node, "model", false), text(node, "provider", false),
                temperature, maxOutputTokens);
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw invalid("An agent needs a '" + field + "'.");
            }
            return null;
        }
        if (!value.isTextual() || (required && value.asText().isBlank())) {
            throw invalid("Agent field '" + field + "' must be a non-empty string.");
        }
        return value.asText();
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException("INVALID_REQUEST", message);
    }
}
