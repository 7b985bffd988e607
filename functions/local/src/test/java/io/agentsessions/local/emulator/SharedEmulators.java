package io.agentsessions.local.emulator;

import java.time.Duration;

/**
 * One {@link Emulators} per test JVM, started on first use and stopped when the JVM exits, so that
 * every integration test class shares the same two processes instead of paying their start-up
 * (seconds each) per class. Data is in memory; tests keep apart by using unique table and bucket
 * names.
 *
 * <p>Do not close what it hands out. See {@link SharedEmulatorsExtension} for parameter injection.
 */
public final class SharedEmulators {

  private static Emulators instance;
  private static RuntimeException startFailure;

  private SharedEmulators() {}

  /** The shared emulators, started on the first call. */
  public static synchronized Emulators get() {
    if (startFailure != null) {
      throw new IllegalStateException("the shared emulators failed to start earlier", startFailure);
    }
    if (instance == null) {
      try {
        long started = System.nanoTime();
        Emulators emulators = Emulators.start(EmulatorSettings.inMemory());
        Runtime.getRuntime()
            .addShutdownHook(new Thread(emulators::close, "shared-emulators-shutdown"));
        System.out.printf(
            "Shared emulators ready in %d ms (DynamoDB Local %d ms, S3Mock %d ms): %s%n",
            Duration.ofNanos(System.nanoTime() - started).toMillis(),
            emulators.dynamoDbLocal().startupTime().toMillis(),
            emulators.s3Mock().startupTime().toMillis(),
            emulators);
        instance = emulators;
      } catch (RuntimeException e) {
        startFailure = e;
        throw e;
      }
    }
    return instance;
  }

  /** Shorthand for {@code get().endpoints()}. */
  public static AwsEndpoints endpoints() {
    return get().endpoints();
  }
}
