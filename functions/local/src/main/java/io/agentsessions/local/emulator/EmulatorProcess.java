package io.agentsessions.local.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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

/**
 * One emulator running as a child {@code java} process: output goes to a log file, a shutdown hook
 * ends it (and anything it started) if the JVM exits without {@link #close()}, and startup waits
 * for a readiness probe while watching for an early exit.
 */
final class EmulatorProcess implements AutoCloseable {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
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
  private boolean closed;

  private EmulatorProcess(String name, Process process, Path logFile, int port) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.port = port;
    this.shutdownHook = new Thread(() -> destroy(process), name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** What a launch needs, given the port it was handed. */
  interface Launch {
    /** The full command line, {@code java} first. */
    List<String> command(int port);

    /** True once the emulator answers on {@code port}; must not throw. */
    boolean isReady(int port);
  }

  /**
   * Starts the emulator and waits until it is ready. With {@code requestedPort == 0} a free loopback
   * port is chosen, and if another process takes it between choice and bind, the start is tried
   * again on a new port.
   */
  static EmulatorProcess start(
      String name, int requestedPort, Path workDir, Path logDir, Duration timeout, Launch launch) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(logDir, "logDir");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(launch, "launch");
    int attempts = requestedPort == 0 ? START_ATTEMPTS_ON_FREE_PORT : 1;
    EmulatorException last = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      int port = requestedPort == 0 ? freeLoopbackPort() : requestedPort;
      Path logFile = logDir.resolve(name + "-" + port + ".log");
      EmulatorProcess started = launch(name, launch.command(port), workDir, logFile, port);
      try {
        started.awaitReady(timeout, () -> launch.isReady(port));
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

  /** A port that was free on 127.0.0.1 a moment ago. */
  static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
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
      return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
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
    destroy(process);
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
