package io.agentsessions.local.emulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * DynamoDB Local and S3Mock together, started concurrently, with one client for each.
 *
 * <pre>{@code
 * try (Emulators emulators = Emulators.start(EmulatorSettings.inMemory())) {
 *   emulators.dynamoDb().listTables();
 *   emulators.s3().listBuckets();
 * }
 * }</pre>
 */
public final class Emulators implements AutoCloseable {

  /** System property naming the directory the build copies the emulators to. */
  public static final String EMULATORS_DIR_PROPERTY = "agentsessions.emulators.dir";

  /** System property naming the directory for the emulators' logs. */
  public static final String LOG_DIR_PROPERTY = "agentsessions.emulators.logDir";

  private static final String MODULE_TARGET = "functions/local/target/emulators";

  private final DynamoDbLocal dynamoDbLocal;
  private final S3Mock s3Mock;
  private final DynamoDbClient dynamoDb;
  private final S3Client s3;

  private Emulators(DynamoDbLocal dynamoDbLocal, S3Mock s3Mock) {
    this.dynamoDbLocal = dynamoDbLocal;
    this.s3Mock = s3Mock;
    this.dynamoDb = dynamoDbLocal.newClient();
    this.s3 = s3Mock.newClient();
  }

  /**
   * Starts both emulators at once and returns when both answer. If either fails, the other is
   * stopped and the failure thrown.
   */
  public static Emulators start(EmulatorSettings settings) {
    Objects.requireNonNull(settings, "settings");
    ExecutorService starter =
        Executors.newFixedThreadPool(
            2,
            task -> {
              Thread thread = new Thread(task, "emulator-start");
              thread.setDaemon(true);
              return thread;
            });
    try {
      CompletableFuture<DynamoDbLocal> dynamoDb =
          CompletableFuture.supplyAsync(
              () -> DynamoDbLocal.start(settings.dynamoDbLocalOptions()), starter);
      CompletableFuture<S3Mock> s3 =
          CompletableFuture.supplyAsync(() -> S3Mock.start(settings.s3MockOptions()), starter);
      List<RuntimeException> failures = new ArrayList<>();
      DynamoDbLocal startedDynamoDb = join(dynamoDb, failures);
      S3Mock startedS3 = join(s3, failures);
      if (failures.isEmpty()) {
        return new Emulators(startedDynamoDb, startedS3);
      }
      closeQuietly(startedDynamoDb, failures.get(0));
      closeQuietly(startedS3, failures.get(0));
      RuntimeException failure = failures.get(0);
      failures.subList(1, failures.size()).forEach(failure::addSuppressed);
      throw failure;
    } finally {
      starter.shutdownNow();
    }
  }

  private static <T> T join(CompletableFuture<T> future, List<RuntimeException> failures) {
    try {
      return future.join();
    } catch (CompletionException e) {
      failures.add(
          e.getCause() instanceof RuntimeException runtime
              ? runtime
              : new EmulatorException("emulator start failed", e.getCause()));
      return null;
    }
  }

  private static void closeQuietly(AutoCloseable started, RuntimeException failure) {
    if (started == null) {
      return;
    }
    try {
      started.close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * The directory holding {@code dynamodb-local/} and {@code s3mock-exec.jar}: the
   * {@value #EMULATORS_DIR_PROPERTY} system property (set by failsafe and by the local run), or
   * else the first of {@code target/emulators} and {@code functions/local/target/emulators} found
   * in the working directory or one of its parents.
   *
   * @throws EmulatorException if none is there; the message says how to build it
   */
  public static Path locateJars() {
    return locateJars(System.getProperty(EMULATORS_DIR_PROPERTY), Path.of("").toAbsolutePath());
  }

  static Path locateJars(String configured, Path workingDir) {
    if (configured != null && !configured.isBlank()) {
      Path dir = Path.of(configured).toAbsolutePath();
      if (!isEmulatorsDir(dir)) {
        throw new EmulatorException(
            EMULATORS_DIR_PROPERTY + "=" + configured
                + " holds no dynamodb-local/ and s3mock-exec.jar; build them with:"
                + " mvn -pl functions/local -am package -DskipTests");
      }
      return dir;
    }
    for (Path dir = workingDir; dir != null; dir = dir.getParent()) {
      for (Path candidate : List.of(dir.resolve("target/emulators"), dir.resolve(MODULE_TARGET))) {
        if (isEmulatorsDir(candidate)) {
          return candidate;
        }
      }
    }
    throw new EmulatorException(
        "emulators not found: set -D" + EMULATORS_DIR_PROPERTY
            + "=DIR, or build them into " + MODULE_TARGET
            + " with: mvn -pl functions/local -am package -DskipTests (searched from " + workingDir
            + " upwards)");
  }

  private static boolean isEmulatorsDir(Path dir) {
    return Files.isDirectory(dir.resolve("dynamodb-local"))
        && Files.isRegularFile(dir.resolve("s3mock-exec.jar"));
  }

  public DynamoDbLocal dynamoDbLocal() {
    return dynamoDbLocal;
  }

  public S3Mock s3Mock() {
    return s3Mock;
  }

  /** Both endpoints, e.g. to configure the code under test. */
  public AwsEndpoints endpoints() {
    return new AwsEndpoints(dynamoDbLocal.endpoint(), s3Mock.endpoint());
  }

  /** A DynamoDB client for DynamoDB Local, shared and owned by this object: do not close it. */
  public DynamoDbClient dynamoDb() {
    return dynamoDb;
  }

  /** A path-style S3 client for S3Mock, shared and owned by this object: do not close it. */
  public S3Client s3() {
    return s3;
  }

  /** Closes the clients and stops both processes. */
  @Override
  public void close() {
    try {
      dynamoDb.close();
      s3.close();
    } finally {
      try {
        dynamoDbLocal.close();
      } finally {
        s3Mock.close();
      }
    }
  }

  @Override
  public String toString() {
    return "Emulators[" + dynamoDbLocal + ", " + s3Mock + "]";
  }
}
