package io.agentsessions.local.emulator;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The shutdown hook cannot run when the JVM is killed outright ({@code kill -9}, a test fork
 * killed on timeout, an IDE's stop button on some platforms), and the emulators would live on, a
 * fixed port staying taken. So each emulator's pid is written beside its log, and the next start in
 * the same log directory stops the ones whose parent JVM is gone. A process is only stopped if both
 * its pid and its start time match the record, so a reused pid is never hit, and never while the
 * JVM that started it is still alive (another test JVM or a local run sharing the directory).
 */
final class OrphanReaper {

  private static final String SUFFIX = ".pid";

  private OrphanReaper() {}

  /** Writes {@code LOGFILE.pid} for {@code child}, started by this JVM. */
  static Path record(Path logFile, ProcessHandle child) {
    Path pidFile = logFile.resolveSibling(logFile.getFileName() + SUFFIX);
    Properties record = new Properties();
    record.setProperty("pid", Long.toString(child.pid()));
    startMillis(child).ifPresent(t -> record.setProperty("started", Long.toString(t)));
    ProcessHandle self = ProcessHandle.current();
    record.setProperty("parent", Long.toString(self.pid()));
    startMillis(self).ifPresent(t -> record.setProperty("parentStarted", Long.toString(t)));
    try (Writer out = Files.newBufferedWriter(pidFile, StandardCharsets.UTF_8)) {
      record.store(out, "emulator started by this JVM; see OrphanReaper");
    } catch (IOException e) {
      // Without a record the process is only protected by the shutdown hook.
    }
    return pidFile;
  }

  static void forget(Path pidFile) {
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      // A stale record is harmless: its process is checked before anything is stopped.
    }
  }

  /** Stops the {@code name} emulators recorded in {@code logDir} whose parent JVM has died. */
  static void reap(Path logDir, String name) {
    if (!Files.isDirectory(logDir)) {
      return;
    }
    try (DirectoryStream<Path> records = Files.newDirectoryStream(logDir, name + "-*" + SUFFIX)) {
      for (Path pidFile : records) {
        reapOne(pidFile);
      }
    } catch (IOException e) {
      // Nothing to reap that we can see.
    }
  }

  private static void reapOne(Path pidFile) {
    Properties record = new Properties();
    try (Reader in = Files.newBufferedReader(pidFile, StandardCharsets.UTF_8)) {
      record.load(in);
    } catch (IOException | IllegalArgumentException e) {
      return;
    }
    Optional<ProcessHandle> parent = matching(record, "parent", "parentStarted");
    if (parent.isPresent() && parent.get().isAlive()) {
      return;
    }
    matching(record, "pid", "started")
        .filter(ProcessHandle::isAlive)
        .ifPresent(
            orphan -> {
              orphan.destroy();
              try {
                orphan.onExit().get(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (Exception e) {
                orphan.destroyForcibly();
              }
            });
    forget(pidFile);
  }

  /** The live process with the recorded pid, if its start time matches the record too. */
  private static Optional<ProcessHandle> matching(
      Properties record, String pidKey, String startKey) {
    try {
      long pid = Long.parseLong(record.getProperty(pidKey, ""));
      String started = record.getProperty(startKey);
      return ProcessHandle.of(pid)
          .filter(
              handle ->
                  started != null
                      && startMillis(handle).map(t -> t == Long.parseLong(started)).orElse(false));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Long> startMillis(ProcessHandle handle) {
    return handle.info().startInstant().map(Instant::toEpochMilli);
  }
}
