package io.agentsessions.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM killed with SIGKILL runs no shutdown hook; the next start cleans up after it. */
class OrphanReaperIT {

  @Test
  void theNextStartStopsAnEmulatorWhoseJvmWasKilled(@TempDir Path logDir) throws Exception {
    // given: a JVM that started DynamoDB Local, killed outright
    Process holder =
        new ProcessBuilder(
                List.of(
                    EmulatorProcess.javaExecutable(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    "-D" + Emulators.EMULATORS_DIR_PROPERTY + "=" + Emulators.locateJars(),
                    Holder.class.getName(),
                    logDir.toString()))
            .redirectErrorStream(true)
            .start();
    long orphanPid = -1;
    try {
      orphanPid = readPid(holder);
      holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      assertThat(ProcessHandle.of(orphanPid).filter(ProcessHandle::isAlive)).isPresent();

      // when
      OrphanReaper.reap(logDir, "dynamodb-local");

      // then
      assertThat(ProcessHandle.of(orphanPid).filter(ProcessHandle::isAlive)).isEmpty();
      assertThat(logDir).isDirectoryNotContaining("glob:**.pid");
    } finally {
      holder.destroyForcibly();
      ProcessHandle.of(orphanPid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void leavesTheEmulatorsOfALiveJvmAlone() {
    Emulators mine = SharedEmulators.get();
    Path logDir = mine.dynamoDbLocal().logFile().getParent();

    OrphanReaper.reap(logDir, "dynamodb-local");
    OrphanReaper.reap(logDir, "s3mock");

    assertThat(mine.dynamoDbLocal().isRunning()).isTrue();
    assertThat(mine.s3Mock().isRunning()).isTrue();
    assertThat(Path.of(mine.dynamoDbLocal().logFile() + ".pid")).exists();
  }

  private static long readPid(Process holder) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith("pid=")) {
        return Long.parseLong(line.substring(4));
      }
      if (System.nanoTime() > deadline) {
        break;
      }
    }
    throw new AssertionError("the holder JVM printed no pid");
  }

  /** Starts DynamoDB Local, logging to {@code args[0]}, prints its pid and waits to be killed. */
  public static final class Holder {
    public static void main(String[] args) throws InterruptedException {
      EmulatorSettings settings = EmulatorSettings.inMemory();
      DynamoDbLocal dynamoDbLocal =
          DynamoDbLocal.start(
              DynamoDbLocal.Options.inMemory(settings.dynamoDbLocalDir(), Path.of(args[0])));
      System.out.println("pid=" + dynamoDbLocal.pid());
      System.out.flush();
      Thread.sleep(Duration.ofMinutes(5).toMillis());
    }
  }
}
