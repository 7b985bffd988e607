package io.agentsessions.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders agent instructions with fields of the session's context: {@code {{context.user_id}}}
 * or {@code {{context.preferences.language}}}. A missing field renders as an empty string;
 * objects and arrays render as compact JSON.
 */
public final class InstructionsTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*context((?:\\.[A-Za-z0-9_-]+)+)\\s*}}");

    private InstructionsTemplate() {
    }

    /** The instructions with every placeholder replaced. */
    public static String render(String instructions, ObjectNode context) {
        if (instructions == null || instructions.indexOf("{{") < 0) {
            return instructions == null ? "" : instructions;
        }
        Matcher matcher = PLACEHOLDER.matcher(instructions);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            JsonNode node = context;
            for (String part : matcher.group(1).substring(1).split("\\.")) {
                node = node == null ? null : node.get(part);
            }
            String value = node == null || node.isNull() ? "" : node.isValueNode() ? node.asText() : node.toString();
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
