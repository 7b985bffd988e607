package io.agentsessions.core.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsessions.core.error.InvalidRequestException;
import io.agentsessions.core.model.Items;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Validates run input: a non-empty string (one user message) or a list of items in the OpenAI
 * Responses shape. Unknown fields are kept verbatim so any agents SDK's items round-trip.
 */
public final class InputItems {
    /** Most items one run may add as input. */
    public static final int MAX_INPUT_ITEMS = 50;
    private static final Set<String> ROLES = Set.of("user", "assistant", "system", "developer");

    private InputItems() {
    }

    /** The input as items; rejects anything a model could not take. */
    public static List<ObjectNode> from(JsonNode input) {
        if (input == null || input.isNull()) {
            throw invalid("'input' is required: a string or a list of items.");
        }
        if (input.isTextual()) {
            if (input.asText().isBlank()) {
                throw invalid("'input' must not be empty.");
            }
            return List.of(Items.userText(input.asText()));
        }
        if (!input.isArray()) {
            throw invalid("'input' must be a string or a list of items.");
        }
        if (input.isEmpty()) {
            throw invalid("'input' must not be empty.");
        }
        if (input.size() > MAX_INPUT_ITEMS) {
            throw invalid("'input' may hold at most " + MAX_INPUT_ITEMS + " items.");
        }
        List<ObjectNode> items = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            items.add(validate(input.get(i), i));
        }
        return List.copyOf(items);
    }

    private static ObjectNode validate(JsonNode node, int index) {
        String where = "input[" + index + "]";
        if (!(node instanceof ObjectNode item)) {
            throw invalid(where + " must be an object.");
        }
        JsonNode type = item.get("type");
        if (type != null && (!type.isTextual() || type.asText().isBlank())) {
            throw invalid(where + ".type must be a non-empty string.");
        }
        if (type == null && !item.has("role")) {
            throw invalid(where + " needs a 'type' (e.g. \"message\") or a 'role'.");
        }
        if (Items.isMessage(item)) {
            JsonNode role = item.get("role");
            if (role == null || !role.isTextual() || !ROLES.contains(role.asText())) {
                throw invalid(where + ".role must be one of user, assistant, system, developer.");
            }
            JsonNode content = item.get("content");
            if (content == null || !(content.isTextual() || content.isArray())) {
                throw invalid(where + ".content must be a string or a list of content parts.");
            }
            if (content.isTextual() ? content.asText().isEmpty() : content.isEmpty()) {
                throw invalid(where + ".content must not be empty.");
            }
        }
        return item.deepCopy();
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException("INVALID_REQUEST", message);
    }
}
