package io.agentsessions.core.model.echo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsessions.core.model.Items;
import io.agentsessions.core.model.ModelProvider;
import io.agentsessions.core.model.ModelRequest;
import io.agentsessions.core.model.ModelResponse;
import io.agentsessions.core.model.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * An <strong>offline demo and test model</strong>: it calls no network service, costs nothing and
 * answers instantly. It is not a language model; its reply only describes what it received, so
 * tests and demos can check exactly which history the model was shown.
 *
 * <p>The reply is one assistant message ({@link Items#assistantText}) whose text is exactly two
 * lines:
 *
 * <pre>
 * echo: &lt;LAST_USER_TEXT&gt;
 * [saw N items: &lt;LABEL&gt; "&lt;SNIPPET&gt;" | &lt;LABEL&gt; "&lt;SNIPPET&gt;" | ...]
 * </pre>
 *
 * <ul>
 *   <li>{@code LAST_USER_TEXT} is the full {@link Items#text} of the last message item with role
 *       {@code user} in the input (empty if there is none); it may itself contain newlines.</li>
 *   <li>{@code N} is the number of input items; they are listed oldest first, separated by
 *       {@code " | "} (nothing follows {@code "items: "} when {@code N} is 0).</li>
 *   <li>{@code LABEL} is the item's {@code role} for message items ({@code message} if it has no
 *       role) and its {@code type} for any other item (e.g. {@code function_call}).</li>
 *   <li>{@code SNIPPET} is the first line of {@link Items#text} of the item (text before the first
 *       {@code \n} or {@code \r}), cut to its first 60 Unicode code points with {@code "…"}
 *       (U+2026) appended when it was cut. Items without {@code content}, such as tool calls,
 *       have an empty snippet. Quotes inside a snippet are not escaped.</li>
 *   <li>When the instructions are not empty, the second line starts with
 *       {@code instructions "<SNIPPET of the instructions>"; } before the {@code [}.</li>
 * </ul>
 *
 * <p>Example, with instructions {@code "Be brief."} and a user message {@code "hi"}:
 *
 * <pre>
 * echo: hi
 * instructions "Be brief."; [saw 1 items: user "hi"]
 * </pre>
 *
 * <p>Usage counts whitespace-separated words ({@link Character#isWhitespace}): {@code inputTokens} over the instructions and the
 * {@link Items#text} of every input item, {@code outputTokens} over the reply text,
 * {@code totalTokens} their sum. The model id, temperature, token cap and timeout are ignored.
 */
public final class EchoModelProvider implements ModelProvider {
    /** The provider name used in agent configuration. */
    public static final String NAME = "echo";

    static final int SNIPPET_CODE_POINTS = 60;

    /** Creates the provider; it holds no state. */
    public EchoModelProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ModelResponse respond(ModelRequest request) {
        String reply = reply(request);
        long inputWords = words(request.instructions());
        for (ObjectNode item : request.input()) {
            inputWords += words(Items.text(item));
        }
        long outputWords = words(reply);
        return new ModelResponse(List.of(Items.assistantText(reply)),
                new Usage(inputWords, outputWords, inputWords + outputWords));
    }

    private static String reply(ModelRequest request) {
        List<ObjectNode> input = request.input();
        String lastUser = "";
        List<String> seen = new ArrayList<>(input.size());
        for (ObjectNode item : input) {
            String text = Items.text(item);
            if (Items.isMessage(item)) {
                String role = item.path("role").asText("");
                if ("user".equals(role)) {
                    lastUser = text;
                }
                seen.add((role.isEmpty() ? "message" : role) + " \"" + snippet(text) + "\"");
            } else {
                seen.add(Items.type(item) + " \"" + snippet(text) + "\"");
            }
        }
        StringBuilder reply = new StringBuilder("echo: ").append(lastUser).append('\n');
        if (!request.instructions().isEmpty()) {
            reply.append("instructions \"").append(snippet(request.instructions())).append("\"; ");
        }
        reply.append("[saw ").append(input.size()).append(" items: ")
                .append(String.join(" | ", seen)).append(']');
        return reply.toString();
    }

    /** First line, cut to {@value #SNIPPET_CODE_POINTS} code points so surrogate pairs stay whole. */
    static String snippet(String text) {
        int end = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                end = i;
                break;
            }
        }
        String line = text.substring(0, end);
        if (line.codePointCount(0, line.length()) <= SNIPPET_CODE_POINTS) {
            return line;
        }
        return line.substring(0, line.offsetByCodePoints(0, SNIPPET_CODE_POINTS)) + "…";
    }

    /** Runs of code points that are not {@link Character#isWhitespace whitespace}. */
    static long words(String text) {
        long words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean space = Character.isWhitespace(cp);
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
            i += Character.charCount(cp);
        }
        return words;
    }
}
