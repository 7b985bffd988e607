package io.agentsessions.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsessions.core.json.Json;

/** Helpers for items in the OpenAI Responses shape ({@code type}, {@code role}, {@code content}). */
public final class Items {
    private Items() {
    }

    /** A user message item with plain text content. */
    public static ObjectNode userText(String text) {
        ObjectNode item = Json.object();
        item.put("type", "message");
        item.put("role", "user");
        item.put("content", text);
        return item;
    }

    /** An assistant output message with one {@code output_text} part. */
    public static ObjectNode assistantText(String text) {
        ObjectNode item = Json.object();
        item.put("type", "message");
        item.put("role", "assistant");
        ArrayNode content = item.putArray("content");
        ObjectNode part = content.addObject();
        part.put("type", "output_text");
        part.put("text", text);
        part.putArray("annotations");
        return item;
    }

    /** True for message items; items without a {@code type} but with a {@code role} are messages too. */
    public static boolean isMessage(JsonNode item) {
        JsonNode type = item.get("type");
        return type == null ? item.has("role") : "message".equals(type.asText());
    }

    /** The item's type, {@code message} when absent. */
    public static String type(JsonNode item) {
        return isMessage(item) ? "message" : item.path("type").asText();
    }

    /**
     * The text of a message: a string {@code content}, or the {@code text} of its content parts
     * joined by newlines. Non-text parts (images, files) are skipped.
     */
    public static String text(JsonNode item) {
        JsonNode content = item.get("content");
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content) {
                JsonNode value = part.get("text");
                if (value != null && value.isTextual()) {
                    if (!text.isEmpty()) {
                        text.append('\n');
                    }
                    text.append(value.asText());
                }
            }
        }
        return text.toString();
    }
}
