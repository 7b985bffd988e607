package io.agentsessions.local.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * One emulator running as a child {@code java} process: output goes to a log file, a shutdown hook
 * ends it (and anything it started) if the JVM exits without {@link #close()}, a pid record lets
 * the next start end it if the JVM was killed outright ({@link OrphanReaper}), and startup waits
 * for a readiness probe while watching for an early exit.
 */
final class EmulatorProcess implements AutoCloseable {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final int START_ATTEMPTS_ON_FREE_PORT = 3;
  private static final int LOG_TAIL_LINES = 40;

  private final String name;
  private final Process process;
  private final Path logFile;
  private final int port;
  private final Thread shutdownHook;
  private final long launchedAt = System.nanoTime();
  private Duration startupTime;
  private final Path pidFile;
  private volatile Runnable afterStop = () -> {};
  private boolean closed;

  private EmulatorProcess(String name, Process process, Path logFile, int port) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.port = port;
    this.shutdownHook = new Thread(this::stop, name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    this.pidFile = OrphanReaper.record(logFile, process.toHandle());
  }

  /** Runs {@code cleanup} once the process has stopped, by {@link #close()} or at JVM exit. */
  void afterStop(Runnable cleanup) {
    this.afterStop = Objects.requireNonNull(cleanup, "cleanup");
  }

  /**
   * Starts the emulator and waits until it is ready. With {@code requestedPort == 0} a free
   * loopback port is chosen, and if another process takes it between choice and bind, the start is
   * tried again on a new port.
   *
   * @param command the full command line for a port, {@code java} first
   * @param probe asked once the port accepts connections; closed before returning
   */
  static EmulatorProcess start(
      String name,
      int requestedPort,
      Path workDir,
      Path logDir,
      Duration timeout,
      IntFunction<List<String>> command,
      ReadinessProbe<?> probe) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(logDir, "logDir");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(command, "command");
    OrphanReaper.reap(logDir, name);
    try (probe) {
      int attempts = requestedPort == 0 ? START_ATTEMPTS_ON_FREE_PORT : 1;
      EmulatorException last = null;
      for (int attempt = 1; attempt <= attempts; attempt++) {
        int port = requestedPort == 0 ? freeLoopbackPort() : requestedPort;
        Path logFile = logDir.resolve(name + "-" + port + ".log");
        EmulatorProcess started = launch(name, command.apply(port), workDir, logFile, port);
        try {
          started.awaitReady(timeout, () -> accepts(port) && probe.answers(port));
          return started;
        } catch (EmulatorException e) {
          started.close();
          if (!started.lostPortRace()) {
            throw e;
          }
          last = e;
        }
      }
      throw last;
    }
  }

  /** A port that was free on 127.0.0.1 a moment ago. */
  static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** Whether something accepts connections on 127.0.0.1:port: cheap, unlike an SDK call. */
  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static EmulatorProcess launch(
      String name, List<String> command, Path workDir, Path logFile, int port) {
    try {
      Files.createDirectories(workDir);
      Files.createDirectories(logFile.getParent());
      Process process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()))
              .start();
      // Neither emulator reads standard input.
      process.getOutputStream().close();
      return new EmulatorProcess(name, process, logFile, port);
    } catch (IOException e) {
      throw new EmulatorException("could not launch " + name + ": " + command, e);
    }
  }

  private void awaitReady(Duration timeout, BooleanSupplier probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new EmulatorException(
            name + " exited with code " + process.exitValue() + " while starting on port " + port
                + "; log " + logFile + ":\n" + logTail());
      }
      if (probe.getAsBoolean()) {
        startupTime = Duration.ofNanos(System.nanoTime() - launchedAt);
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new EmulatorException(
            name + " did not answer on port " + port + " within " + timeout + "; log " + logFile
                + ":\n" + logTail());
      }
      try {
        Thread.sleep(POLL_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EmulatorException("interrupted while waiting for " + name, e);
      }
    }
  }

  /** Whether the process died because its port was taken (the log says so). */
  private boolean lostPortRace() {
    if (process.isAlive()) {
      return false;
    }
    String log = logTail().toLowerCase(Locale.ROOT);
    return log.contains("address already in use")
        || log.contains("bindexception")
        || log.contains("port may already be in use");
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      int from = Math.max(0, lines.size() - LOG_TAIL_LINES);
      return String.join("\n", lines.subList(from, lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  int port() {
    return port;
  }

  Path logFile() {
    return logFile;
  }

  /** From launch to the first successful probe. */
  Duration startupTime() {
    return startupTime;
  }

  long pid() {
    return process.pid();
  }

  boolean isRunning() {
    return process.isAlive();
  }

  /** Stops the process and its descendants: politely first, forcibly after a grace period. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shutdownInProgress) {
      // The hook is running or about to; stopping here as well is harmless.
    }
    stop();
  }

  private void stop() {
    destroy(process);
    OrphanReaper.forget(pidFile);
    afterStop.run();
  }

  private static void destroy(Process process) {
    List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
    family.add(0, process.toHandle());
    family.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + STOP_GRACE.toNanos();
    for (ProcessHandle handle : family) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        handle.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (Exception notYet) {
        // fall through to the forcible stop below
      }
    }
    family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  /** The {@code java} of the running JVM. */
  static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * JVM flags for the emulators: C1 only (measured: S3Mock starts in 3.2 s instead of 5.0 s,
   * DynamoDB Local in 0.9 s instead of 1.3 s) and the serial collector (no GC threads to fight the
   * tests for two cores). Peak throughput does not matter for an emulator.
   */
  static List<String> fastStartJvmFlags() {
    return List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
  }
}
