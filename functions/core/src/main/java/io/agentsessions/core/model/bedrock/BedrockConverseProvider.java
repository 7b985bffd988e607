package io.agentsessions.core.model.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsessions.core.error.ModelException;
import io.agentsessions.core.json.Json;
import io.agentsessions.core.model.Items;
import io.agentsessions.core.model.ModelProvider;
import io.agentsessions.core.model.ModelRequest;
import io.agentsessions.core.model.ModelResponse;
import io.agentsessions.core.model.Usage;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;

/**
 * Amazon Bedrock through the Converse API, on a {@link BedrockRuntimeClient} built once per
 * container (see {@link #defaultClient}).
 *
 * <p>Request mapping:
 * <ul>
 *   <li>non-empty instructions, then the text of every {@code system} or {@code developer}
 *       message item, become {@code system} text blocks;</li>
 *   <li>{@code user} and {@code assistant} message items become messages of that role with one
 *       text block ({@link Items#text});</li>
 *   <li>tool items are rendered as text, because Converse tool blocks require a
 *       {@code toolConfig} we do not send: a {@code function_call} becomes the assistant text
 *       {@code [tool call NAME(ARGUMENTS)]}, a {@code function_call_output} the user text
 *       {@code [tool result CALL_ID: OUTPUT]};</li>
 *   <li>other item types, other roles and empty texts are skipped (Converse rejects blank
 *       text blocks);</li>
 *   <li>Converse requires the conversation to start with a user turn and roles to alternate:
 *       leading assistant turns are dropped and consecutive same-role turns are merged into one
 *       message holding all their blocks, in order.</li>
 * </ul>
 * {@code inferenceConfig} carries {@code temperature} and {@code maxTokens} when set;
 * {@link ModelRequest#timeout()} becomes the SDK's {@code apiCallTimeout} (which includes any
 * retries the client is configured for).
 *
 * <p>Response mapping: the {@code text} of {@code output.message.content[]} blocks, concatenated
 * without separator (Converse may split one answer into several blocks; non-text blocks such as
 * reasoning are skipped), becomes one assistant message; usage comes from
 * {@code usage.inputTokens/outputTokens/totalTokens}.
 *
 * <p>Errors: {@code ThrottlingException} is {@link ModelException#rateLimited};
 * {@code ModelTimeoutException} and the SDK's call timeouts are {@link ModelException#timeout};
 * every other failure is {@link ModelException#failed} with the exception's simple class name and
 * the service's (truncated) error message.
 */
public final class BedrockConverseProvider implements ModelProvider {
    /** The provider name used in agent configuration. */
    public static final String NAME = "bedrock";

    static final int MAX_ERROR_MESSAGE_CHARS = 200;

    private final BedrockRuntimeClient client;

    /** @param client shared Bedrock Runtime client; build it once per container */
    public BedrockConverseProvider(BedrockRuntimeClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * The production client: explicit region, credentials from the environment variables Lambda
     * sets, and the lean URLConnection HTTP client.
     *
     * @param region                 the Bedrock region
     * @param endpointOverrideOrNull a different endpoint (VPC endpoint, local fake), or {@code null}
     */
    public static BedrockRuntimeClient defaultClient(Region region, URI endpointOverrideOrNull) {
        Objects.requireNonNull(region, "region");
        BedrockRuntimeClientBuilder builder = BedrockRuntimeClient.builder()
                .region(region)
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        // Long generations may stay silent for a while; the per-call apiCallTimeout is the real bound.
                        .socketTimeout(Duration.ofMinutes(5)));
        if (endpointOverrideOrNull != null) {
            builder.endpointOverride(endpointOverrideOrNull);
        }
        return builder.build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ModelResponse respond(ModelRequest request) {
        ConverseRequest converse = toConverse(request);
        ConverseResponse response;
        try {
            response = client.converse(converse);
        } catch (ThrottlingException e) {
            throw ModelException.rateLimited(NAME, e);
        } catch (ModelTimeoutException | ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
            throw ModelException.timeout(NAME, request.timeout(), e);
        } catch (AbortedException e) {
            // The SDK aborts when the calling thread is interrupted.
            Thread.currentThread().interrupt();
            throw ModelException.failed(NAME, "interrupted while waiting for the answer", e);
        } catch (SdkException e) {
            throw ModelException.failed(NAME, describe(e), e);
        }
        return fromConverse(response);
    }

    static ConverseRequest toConverse(ModelRequest request) {
        List<SystemContentBlock> system = new ArrayList<>();
        if (!request.instructions().isBlank()) {
            system.add(SystemContentBlock.fromText(request.instructions()));
        }
        List<Turn> turns = new ArrayList<>();
        for (ObjectNode item : request.input()) {
            String type = Items.type(item);
            if (Items.isMessage(item)) {
                String text = Items.text(item);
                if (text.isBlank()) {
                    continue;
                }
                switch (item.path("role").asText("")) {
                    case "system", "developer" -> system.add(SystemContentBlock.fromText(text));
                    case "user" -> add(turns, ConversationRole.USER, text);
                    case "assistant" -> add(turns, ConversationRole.ASSISTANT, text);
                    default -> {
                        // Unknown role: Converse has nowhere to put it.
                    }
                }
            } else if ("function_call".equals(type)) {
                add(turns, ConversationRole.ASSISTANT, "[tool call " + item.path("name").asText("")
                        + "(" + jsonText(item.get("arguments")) + ")]");
            } else if ("function_call_output".equals(type)) {
                add(turns, ConversationRole.USER, "[tool result " + item.path("call_id").asText("")
                        + ": " + jsonText(item.get("output")) + "]");
            }
        }
        // Converse rejects a conversation that opens with the assistant.
        while (!turns.isEmpty() && turns.get(0).role == ConversationRole.ASSISTANT) {
            turns.remove(0);
        }
        if (turns.isEmpty()) {
            throw new io.agentsessions.core.error.InvalidRequestException("INVALID_REQUEST",
                    "Bedrock needs at least one user message in the input; nothing was sent or written.");
        }
        List<Message> messages = new ArrayList<>(turns.size());
        for (Turn turn : turns) {
            messages.add(Message.builder().role(turn.role).content(turn.blocks).build());
        }
        ConverseRequest.Builder converse = ConverseRequest.builder()
                .modelId(request.model())
                .messages(messages)
                .overrideConfiguration(AwsRequestOverrideConfiguration.builder()
                        .apiCallTimeout(request.timeout())
                        .build());
        if (!system.isEmpty()) {
            converse.system(system);
        }
        if (request.temperature() != null || request.maxOutputTokens() != null) {
            InferenceConfiguration.Builder inference = InferenceConfiguration.builder();
            if (request.temperature() != null) {
                inference.temperature(request.temperature().floatValue());
            }
            if (request.maxOutputTokens() != null) {
                inference.maxTokens(request.maxOutputTokens());
            }
            converse.inferenceConfig(inference.build());
        }
        return converse.build();
    }

    /** Appends a text block, merging into the previous turn when the role repeats. */
    private static void add(List<Turn> turns, ConversationRole role, String text) {
        Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
        if (last == null || last.role != role) {
            last = new Turn(role, new ArrayList<>());
            turns.add(last);
        }
        last.blocks.add(ContentBlock.fromText(text));
    }

    private record Turn(ConversationRole role, List<ContentBlock> blocks) {
    }

    private static String jsonText(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isArray()) {
            ObjectNode wrapper = Json.object();
            wrapper.set("content", value);
            String text = Items.text(wrapper);
            if (!text.isEmpty()) {
                return text;
            }
        }
        return Json.write(value);
    }

    static ModelResponse fromConverse(ConverseResponse response) {
        ConverseOutput output = response.output();
        if (output == null || output.message() == null) {
            throw ModelException.failed(NAME, "the answer has no message", null);
        }
        StringBuilder text = new StringBuilder();
        for (ContentBlock block : output.message().content()) {
            if (block.text() != null) {
                text.append(block.text());
            }
        }
        return new ModelResponse(List.of(Items.assistantText(text.toString())), usage(response.usage()));
    }

    private static Usage usage(TokenUsage usage) {
        if (usage == null) {
            return Usage.NONE;
        }
        long input = nonNegative(usage.inputTokens());
        long output = nonNegative(usage.outputTokens());
        long total = usage.totalTokens() == null ? input + output : nonNegative(usage.totalTokens());
        return new Usage(input, output, total);
    }

    private static long nonNegative(Integer value) {
        return value == null ? 0 : Math.max(0, value);
    }

    /**
     * Class name plus the service's message, with ARNs masked (an access-denied message names the
     * function's role and account); client-side failures carry no message (it may name hosts).
     */
    private static String describe(SdkException e) {
        String name = e.getClass().getSimpleName();
        if (e instanceof AwsServiceException service) {
            String message = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorMessage();
            if (message == null || message.isBlank()) {
                return name;
            }
            return name + ": " + truncate(message.strip().replaceAll("arn:aws[\\w-]*:\\S+", "arn:…"));
        }
        return hasIoCause(e) ? name + ": connection failed" : name;
    }

    private static boolean hasIoCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String truncate(String text) {
        if (text.length() <= MAX_ERROR_MESSAGE_CHARS) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_ERROR_MESSAGE_CHARS - 1))
                ? MAX_ERROR_MESSAGE_CHARS - 1 : MAX_ERROR_MESSAGE_CHARS;
        return text.substring(0, end) + "…";
    }
}
