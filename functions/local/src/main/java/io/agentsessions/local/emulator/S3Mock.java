package io.agentsessions.local.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Adobe S3Mock 5.x as a child process ({@code java -jar s3mock-exec.jar}), serving plain HTTP on
 * 127.0.0.1. Clients must use path-style addressing ({@link EmulatorClients#s3} does).
 *
 * <p>With a root directory, buckets and objects are kept there and survive restarts
 * ({@code retainFilesOnExit=true}). Without one, a fresh temporary root is used and deleted on
 * {@link #close()}.
 *
 * <p>S3Mock always opens a second plain-HTTP connector ({@code http.port}, 9090 by default) that
 * cannot be bound to one interface from the command line; it is moved to an ephemeral port
 * ({@code http.port=0}) and not used. The endpoint handed out is the main connector, which is bound
 * to 127.0.0.1 with TLS switched off.
 */
public final class S3Mock implements AutoCloseable {

  private static final String NAME = "s3mock";
  private static final String STORE = "--com.adobe.testing.s3mock.store.";

  private final EmulatorProcess process;
  private final URI endpoint;
  private final Options options;

  private S3Mock(EmulatorProcess process, Options options) {
    this.process = process;
    this.options = options;
    this.endpoint = URI.create("http://127.0.0.1:" + process.port());
  }

  /**
   * How to run S3Mock.
   *
   * @param jar the {@code s3mock-VERSION-exec.jar} (copied by the build to
   *     {@code target/emulators/s3mock-exec.jar})
   * @param rootDir where buckets are kept across restarts, or {@code null} for a temporary root
   * @param port the port to listen on, or 0 for a free one
   * @param logDir where {@code s3mock-PORT.log} is written
   * @param initialBuckets buckets created at start when missing
   * @param startTimeout how long to wait for the first answer
   */
  public record Options(
      Path jar,
      Path rootDir,
      int port,
      Path logDir,
      List<String> initialBuckets,
      Duration startTimeout) {

    public Options {
      Objects.requireNonNull(jar, "jar");
      Objects.requireNonNull(logDir, "logDir");
      Objects.requireNonNull(startTimeout, "startTimeout");
      initialBuckets = List.copyOf(initialBuckets);
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0..65535: " + port);
      }
    }

    /** A temporary root, a free port, no buckets, a 90 s start timeout. */
    public static Options temporary(Path jar, Path logDir) {
      return new Options(jar, null, 0, logDir, List.of(), Duration.ofSeconds(90));
    }

    public Options withRootDir(Path rootDir) {
      return new Options(jar, rootDir, port, logDir, initialBuckets, startTimeout);
    }

    public Options withPort(int port) {
      return new Options(jar, rootDir, port, logDir, initialBuckets, startTimeout);
    }

    public Options withInitialBuckets(List<String> initialBuckets) {
      return new Options(jar, rootDir, port, logDir, initialBuckets, startTimeout);
    }

    public Options withStartTimeout(Duration startTimeout) {
      return new Options(jar, rootDir, port, logDir, initialBuckets, startTimeout);
    }
  }

  /** Starts S3Mock and returns once it answers {@code ListBuckets}. */
  public static S3Mock start(Options options) {
    Objects.requireNonNull(options, "options");
    Path jar = options.jar().toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new EmulatorException(
          "no S3Mock jar at " + jar
              + "; build the module first: mvn -pl functions/local -am package -DskipTests");
    }
    Path temporaryRoot = options.rootDir() == null ? createTempDirectory() : null;
    // S3Mock creates the root itself: hand it a not-yet-existing child of our temporary directory.
    Path root =
        options.rootDir() != null
            ? options.rootDir().toAbsolutePath()
            : temporaryRoot.resolve("root");
    boolean retain = options.rootDir() != null;
    try {
      EmulatorProcess process =
          EmulatorProcess.start(
              NAME,
              options.port(),
              options.logDir(),
              options.logDir(),
              options.startTimeout(),
              port -> command(jar, root, retain, options.initialBuckets(), port),
              new ReadinessProbe<>(EmulatorClients::s3Probe, S3Client::listBuckets));
      if (temporaryRoot != null) {
        // Also at JVM exit: S3Mock does not delete its root when stopped by a signal.
        process.afterStop(() -> deleteRecursively(temporaryRoot));
      }
      return new S3Mock(process, options);
    } catch (RuntimeException e) {
      if (temporaryRoot != null) {
        deleteRecursively(temporaryRoot);
      }
      throw e;
    }
  }

  /**
   * S3Mock 5.x settings, as Spring Boot command-line arguments. {@code server.*} is the main
   * connector (HTTPS on 9191 by default, here plain HTTP on loopback); {@code http.port} is the
   * extra HTTP connector (9090 by default), moved out of the way; the store settings are
   * {@code com.adobe.testing.s3mock.store.{root,retainFilesOnExit,initialBuckets}}.
   */
  private static List<String> command(
      Path jar, Path root, boolean retain, List<String> initialBuckets, int port) {
    List<String> command = new ArrayList<>();
    command.add(EmulatorProcess.javaExecutable());
    command.addAll(EmulatorProcess.fastStartJvmFlags());
    command.addAll(List.of("-jar", jar.toString()));
    command.add("--server.address=127.0.0.1");
    command.add("--server.port=" + port);
    command.add("--server.ssl.enabled=false");
    command.add("--http.port=0");
    command.add(STORE + "root=" + root);
    command.add(STORE + "retainFilesOnExit=" + retain);
    if (!initialBuckets.isEmpty()) {
      command.add(STORE + "initialBuckets=" + String.join(",", initialBuckets));
    }
    command.add("--spring.main.banner-mode=off");
    return command;
  }

  private static Path createTempDirectory() {
    try {
      return Files.createTempDirectory("agentsessions-s3mock-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary S3Mock root", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e)
                throws IOException {
              Files.deleteIfExists(directory);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // A leftover temporary directory is not worth failing a test run for.
    }
  }

  /** {@code http://127.0.0.1:PORT}; use with path-style addressing. */
  public URI endpoint() {
    return endpoint;
  }

  public int port() {
    return process.port();
  }

  /** The retained root directory, or empty when a temporary one is used. */
  public Optional<Path> rootDir() {
    return Optional.ofNullable(options.rootDir());
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

  /** A new path-style client for this instance; the caller closes it. */
  public S3Client newClient() {
    return EmulatorClients.s3(endpoint);
  }

  /** Stops the process; a temporary root is deleted, a retained one stays. */
  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return "S3Mock[" + endpoint + ", "
        + (options.rootDir() == null ? "temporary root" : options.rootDir()) + "]";
  }
}
