package io.agentsessions.local.emulator;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link Emulators} runs DynamoDB Local and S3Mock.
 *
 * @param emulatorsDir the directory the build fills: {@code dynamodb-local/} and
 *     {@code s3mock-exec.jar} (see {@link Emulators#locateJars()})
 * @param dataDir where data survives restarts ({@code DATA/dynamodb}, {@code DATA/s3}), or
 *     {@code null} to keep DynamoDB in memory and S3 in a temporary root
 * @param dynamoDbPort DynamoDB Local's port, 0 for a free one
 * @param s3Port S3Mock's port, 0 for a free one
 * @param logDir where each emulator's output is written
 * @param initialBuckets buckets S3Mock creates at start when missing
 */
public record EmulatorSettings(
    Path emulatorsDir,
    Path dataDir,
    int dynamoDbPort,
    int s3Port,
    Path logDir,
    List<String> initialBuckets) {

  public EmulatorSettings {
    Objects.requireNonNull(emulatorsDir, "emulatorsDir");
    Objects.requireNonNull(logDir, "logDir");
    initialBuckets = List.copyOf(initialBuckets);
    checkPort(dynamoDbPort, "dynamoDbPort");
    checkPort(s3Port, "s3Port");
  }

  /** For tests: located jars, nothing kept, free ports, the default log directory. */
  public static EmulatorSettings inMemory() {
    Path emulatorsDir = Emulators.locateJars();
    return new EmulatorSettings(emulatorsDir, null, 0, 0, defaultLogDir(emulatorsDir), List.of());
  }

  /** For a local run: like {@link #inMemory()}, but data is kept under {@code dataDir}. */
  public static EmulatorSettings persistent(Path dataDir) {
    return inMemory().withDataDir(Objects.requireNonNull(dataDir, "dataDir"));
  }

  /**
   * The {@value Emulators#LOG_DIR_PROPERTY} system property if set, else {@code emulator-logs}
   * beside the emulators directory (so {@code target/emulator-logs} after a Maven build).
   */
  public static Path defaultLogDir(Path emulatorsDir) {
    String configured = System.getProperty(Emulators.LOG_DIR_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path absolute = emulatorsDir.toAbsolutePath();
    return absolute.getParent() == null
        ? absolute.resolve("emulator-logs")
        : absolute.resolveSibling("emulator-logs");
  }

  public EmulatorSettings withEmulatorsDir(Path emulatorsDir) {
    return new EmulatorSettings(
        emulatorsDir, dataDir, dynamoDbPort, s3Port, logDir, initialBuckets);
  }

  public EmulatorSettings withDataDir(Path dataDir) {
    return new EmulatorSettings(
        emulatorsDir, dataDir, dynamoDbPort, s3Port, logDir, initialBuckets);
  }

  public EmulatorSettings withPorts(int dynamoDbPort, int s3Port) {
    return new EmulatorSettings(
        emulatorsDir, dataDir, dynamoDbPort, s3Port, logDir, initialBuckets);
  }

  public EmulatorSettings withLogDir(Path logDir) {
    return new EmulatorSettings(
        emulatorsDir, dataDir, dynamoDbPort, s3Port, logDir, initialBuckets);
  }

  public EmulatorSettings withInitialBuckets(List<String> initialBuckets) {
    return new EmulatorSettings(
        emulatorsDir, dataDir, dynamoDbPort, s3Port, logDir, initialBuckets);
  }

  /** {@code EMULATORS/dynamodb-local}. */
  public Path dynamoDbLocalDir() {
    return emulatorsDir.resolve("dynamodb-local");
  }

  /** {@code EMULATORS/s3mock-exec.jar}. */
  public Path s3MockJar() {
    return emulatorsDir.resolve("s3mock-exec.jar");
  }

  /** {@code DATA/dynamodb}, when data is kept. */
  public Optional<Path> dynamoDbDataDir() {
    return Optional.ofNullable(dataDir).map(dir -> dir.resolve("dynamodb"));
  }

  /** {@code DATA/s3}, when data is kept. */
  public Optional<Path> s3RootDir() {
    return Optional.ofNullable(dataDir).map(dir -> dir.resolve("s3"));
  }

  DynamoDbLocal.Options dynamoDbLocalOptions() {
    return DynamoDbLocal.Options.inMemory(dynamoDbLocalDir(), logDir)
        .withDataDir(dynamoDbDataDir().orElse(null))
        .withPort(dynamoDbPort);
  }

  S3Mock.Options s3MockOptions() {
    return S3Mock.Options.temporary(s3MockJar(), logDir)
        .withRootDir(s3RootDir().orElse(null))
        .withPort(s3Port)
        .withInitialBuckets(initialBuckets);
  }

  private static void checkPort(int port, String name) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(name + " must be 0..65535: " + port);
    }
  }
}
