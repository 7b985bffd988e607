package io.agentsessions.local.emulator;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local as a child process, started from the jars the build copies to
 * {@code target/emulators/dynamodb-local} (see {@link Emulators#locateJars()}).
 *
 * <p>It always runs with {@code -sharedDb}, so every client sees the same tables whatever its
 * credentials and region, and with {@code -disableTelemetry}. Without a data directory it keeps
 * everything in memory; with one, tables survive a restart on the same directory.
 *
 * <p>DynamoDB Local has no option to choose the interface it binds: it listens on all of them
 * ({@code *:port}). The endpoint handed out is {@code http://127.0.0.1:port}.
 */
public final class DynamoDbLocal implements AutoCloseable {

  static final String MAIN_CLASS = "com.amazonaws.services.dynamodbv2.local.main.ServerRunner";
  private static final String NAME = "dynamodb-local";

  private final EmulatorProcess process;
  private final URI endpoint;
  private final Options options;

  private DynamoDbLocal(EmulatorProcess process, Options options) {
    this.process = process;
    this.options = options;
    this.endpoint = URI.create("http://127.0.0.1:" + process.port());
  }

  /**
   * How to run DynamoDB Local.
   *
   * @param installDir the directory holding DynamoDBLocal-*.jar, its jars and sqlite4java's native
   *     libraries
   * @param dataDir where {@code shared-local-instance.db} lives, or {@code null} for in-memory
   * @param port the port to listen on, or 0 for a free one
   * @param logDir where {@code dynamodb-local-PORT.log} is written
   * @param startTimeout how long to wait for the first answer
   */
  public record Options(
      Path installDir, Path dataDir, int port, Path logDir, Duration startTimeout) {

    public Options {
      Objects.requireNonNull(installDir, "installDir");
      Objects.requireNonNull(logDir, "logDir");
      Objects.requireNonNull(startTimeout, "startTimeout");
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0..65535: " + port);
      }
    }

    /** In memory, on a free port, with a 60 s start timeout. */
    public static Options inMemory(Path installDir, Path logDir) {
      return new Options(installDir, null, 0, logDir, Duration.ofSeconds(60));
    }

    public Options withDataDir(Path dataDir) {
      return new Options(installDir, dataDir, port, logDir, startTimeout);
    }

    public Options withPort(int port) {
      return new Options(installDir, dataDir, port, logDir, startTimeout);
    }

    public Options withStartTimeout(Duration startTimeout) {
      return new Options(installDir, dataDir, port, logDir, startTimeout);
    }
  }

  /** Starts DynamoDB Local and returns once it answers {@code ListTables}. */
  public static DynamoDbLocal start(Options options) {
    Objects.requireNonNull(options, "options");
    Path installDir = options.installDir().toAbsolutePath();
    checkInstallation(installDir);
    Path dataDir = options.dataDir() == null ? null : createDirectories(options.dataDir());
    EmulatorProcess process =
        EmulatorProcess.start(
            NAME,
            options.port(),
            dataDir != null ? dataDir : options.logDir(),
            options.logDir(),
            options.startTimeout(),
            port -> command(installDir, dataDir, port),
            new ReadinessProbe<>(
                EmulatorClients::dynamoDbProbe, client -> client.listTables(r -> r.limit(1))));
    return new DynamoDbLocal(process, options);
  }

  private static List<String> command(Path installDir, Path dataDir, int port) {
    List<String> command = new ArrayList<>();
    command.add(EmulatorProcess.javaExecutable());
    command.addAll(EmulatorProcess.fastStartJvmFlags());
    command.add("-Djava.library.path=" + installDir);
    command.add("-Dsqlite4java.library.path=" + installDir);
    command.add("-cp");
    command.add(installDir + File.separator + "*");
    command.add(MAIN_CLASS);
    command.addAll(List.of("-port", Integer.toString(port)));
    if (dataDir == null) {
      command.add("-inMemory");
    } else {
      command.addAll(List.of("-dbPath", dataDir.toString()));
    }
    command.addAll(List.of("-sharedDb", "-disableTelemetry"));
    return command;
  }

  private static void checkInstallation(Path installDir) {
    boolean hasJar;
    try (Stream<Path> files = Files.list(installDir)) {
      hasJar = files.anyMatch(f -> f.getFileName().toString().matches("DynamoDBLocal-.*\\.jar"));
    } catch (IOException e) {
      hasJar = false;
    }
    if (!hasJar) {
      throw new EmulatorException(
          "no DynamoDBLocal-*.jar in " + installDir
              + "; build the module first: mvn -pl functions/local -am package -DskipTests");
    }
    Optional<String> nativeLibrary = sqliteNativeLibrary();
    if (nativeLibrary.isPresent() && !Files.exists(installDir.resolve(nativeLibrary.get()))) {
      throw new EmulatorException(
          "DynamoDB Local needs " + nativeLibrary.get() + " in " + installDir + " on "
              + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
              + ", and its Maven distribution does not ship one for this platform"
              + " (only linux-amd64, linux-i386, osx, win32-x64, win32-x86)");
    }
  }

  /** The file name sqlite4java looks for on this platform, where we know it. */
  static Optional<String> sqliteNativeLibrary() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (os.contains("linux")) {
      return Optional.of(
          switch (arch) {
            case "amd64", "x86_64" -> "libsqlite4java-linux-amd64.so";
            case "aarch64", "arm64" -> "libsqlite4java-linux-aarch64.so";
            case "x86", "i386", "i686" -> "libsqlite4java-linux-i386.so";
            default -> "libsqlite4java-linux-" + arch + ".so";
          });
    }
    if (os.contains("mac")) {
      return Optional.of("libsqlite4java-osx.dylib");
    }
    return Optional.empty();
  }

  private static Path createDirectories(Path dir) {
    try {
      return Files.createDirectories(dir).toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  /** {@code http://127.0.0.1:PORT}. */
  public URI endpoint() {
    return endpoint;
  }

  public int port() {
    return process.port();
  }

  /** The directory holding the database file, or empty when running in memory. */
  public Optional<Path> dataDir() {
    return Optional.ofNullable(options.dataDir());
  }

  /** The process's standard output and error. */
  public Path logFile() {
    return process.logFile();
  }

  /** From launching the process to its first answer: its cold start on this machine. */
  public Duration startupTime() {
    return process.startupTime();
  }

  public long pid() {
    return process.pid();
  }

  public boolean isRunning() {
    return process.isRunning();
  }

  /** A new client for this instance; the caller closes it. */
  public DynamoDbClient newClient() {
    return EmulatorClients.dynamoDb(endpoint);
  }

  /** Stops the process; an in-memory database is gone, a file database stays. */
  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return "DynamoDbLocal[" + endpoint + ", "
        + (options.dataDir() == null ? "in memory" : options.dataDir()) + "]";
  }
}
