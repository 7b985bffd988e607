package io.agentsessions.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentsessions.core.error.InvalidRequestException;
import io.agentsessions.core.model.echo.EchoModelProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelProvidersTest {
    private static ModelProvider named(String name) {
        return new ModelProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ModelResponse respond(ModelRequest request) {
                return new ModelResponse(List.of(), Usage.NONE);
            }
        };
    }

    @Test
    void findsProvidersByName() {
        EchoModelProvider echo = new EchoModelProvider();
        ModelProvider other = named("openai");
        ModelProviders providers = ModelProviders.of(other, echo);

        assertThat(providers.get("echo")).isSameAs(echo);
        assertThat(providers.get("openai")).isSameAs(other);
        assertThat(providers.contains("echo")).isTrue();
        assertThat(providers.contains("bedrock")).isFalse();
        assertThat(providers.names()).containsExactly("echo", "openai");
    }

    @Test
    void unknownNameIsAnInvalidRequest() {
        ModelProviders providers = ModelProviders.of(new EchoModelProvider());

        assertThatThrownBy(() -> providers.get("gemini"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo("UNKNOWN_PROVIDER");
                    assertThat(e.getMessage()).contains("'gemini'").contains("echo");
                });
        assertThatThrownBy(() -> providers.get(null)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void duplicateNamesAreRejected() {
        assertThatThrownBy(() -> ModelProviders.of(named("x"), named("x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesAreUnmodifiable() {
        ModelProviders providers = ModelProviders.of(new EchoModelProvider());

        assertThatThrownBy(() -> providers.names().add("y")).isInstanceOf(UnsupportedOperationException.class);
    }
}
