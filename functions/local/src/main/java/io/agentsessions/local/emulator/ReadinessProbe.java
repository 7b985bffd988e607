package io.agentsessions.local.emulator;

import java.net.URI;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Asks an emulator a cheap question through the SDK until it answers. One client per port, built
 * on first use (building one per poll costs more CPU than the poll) and closed at the end.
 */
final class ReadinessProbe<C extends SdkAutoCloseable> implements AutoCloseable {

  private final Function<URI, C> clients;
  private final Consumer<C> question;
  private C client;
  private int clientPort;

  ReadinessProbe(Function<URI, C> clients, Consumer<C> question) {
    this.clients = Objects.requireNonNull(clients, "clients");
    this.question = Objects.requireNonNull(question, "question");
  }

  /** True if the emulator on 127.0.0.1:port answered; never throws. */
  boolean answers(int port) {
    if (client == null || clientPort != port) {
      close();
      client = clients.apply(URI.create("http://127.0.0.1:" + port));
      clientPort = port;
    }
    try {
      question.accept(client);
      return true;
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
