package io.agentsessions.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locating the emulators and deriving paths: no process, no network. */
class EmulatorSettingsTest {

  @TempDir Path workspace;

  @Test
  void locateJarsUsesTheSystemPropertyWhenSet() throws IOException {
    Path configured = fakeEmulatorsDir(workspace.resolve("somewhere/emulators"));

    assertThat(Emulators.locateJars(configured.toString(), workspace.resolve("elsewhere")))
        .isEqualTo(configured.toAbsolutePath());
  }

  @Test
  void locateJarsRejectsAPropertyThatPointsAtNothing() {
    assertThatThrownBy(() -> Emulators.locateJars(workspace.toString(), workspace))
        .isInstanceOf(EmulatorException.class)
        .hasMessageContaining(Emulators.EMULATORS_DIR_PROPERTY)
        .hasMessageContaining("mvn -pl functions/local -am package -DskipTests");
  }

  @Test
  void locateJarsFindsTheModuleBuildFromTheRepositoryRoot() throws IOException {
    Path built = fakeEmulatorsDir(workspace.resolve("functions/local/target/emulators"));

    assertThat(Emulators.locateJars(null, workspace)).isEqualTo(built);
  }

  @Test
  void locateJarsSearchesUpwardsFromASubdirectory() throws IOException {
    Path built = fakeEmulatorsDir(workspace.resolve("functions/local/target/emulators"));

    assertThat(Emulators.locateJars("", workspace.resolve("functions/local/src/test")))
        .isEqualTo(built);
  }

  @Test
  void locateJarsSaysHowToBuildWhenNothingIsFound() {
    assertThatThrownBy(() -> Emulators.locateJars(null, workspace))
        .isInstanceOf(EmulatorException.class)
        .hasMessageContaining("mvn -pl functions/local -am package -DskipTests");
  }

  @Test
  void persistentSettingsSplitTheDataDirectoryPerEmulator() throws IOException {
    Path emulators = fakeEmulatorsDir(workspace.resolve("target/emulators"));
    Path data = workspace.resolve("data");

    EmulatorSettings settings =
        new EmulatorSettings(emulators, null, 0, 0, workspace.resolve("logs"), List.of())
            .withDataDir(data);

    assertThat(settings.dynamoDbLocalDir()).isEqualTo(emulators.resolve("dynamodb-local"));
    assertThat(settings.s3MockJar()).isEqualTo(emulators.resolve("s3mock-exec.jar"));
    assertThat(settings.dynamoDbDataDir()).contains(data.resolve("dynamodb"));
    assertThat(settings.s3RootDir()).contains(data.resolve("s3"));
    assertThat(settings.withDataDir(null).dynamoDbDataDir()).isEmpty();
  }

  @Test
  void rejectsPortsOutOfRange() {
    EmulatorSettings settings =
        new EmulatorSettings(workspace, null, 0, 0, workspace, List.of());

    assertThatThrownBy(() -> settings.withPorts(-1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> settings.withPorts(0, 65_536))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dynamoDbLocalRefusesAnInstallDirWithoutItsJar() {
    DynamoDbLocal.Options options = DynamoDbLocal.Options.inMemory(workspace, workspace);

    assertThatThrownBy(() -> DynamoDbLocal.start(options))
        .isInstanceOf(EmulatorException.class)
        .hasMessageContaining("DynamoDBLocal-*.jar");
  }

  @Test
  void s3MockRefusesAMissingJar() {
    S3Mock.Options options = S3Mock.Options.temporary(workspace.resolve("none.jar"), workspace);

    assertThatThrownBy(() -> S3Mock.start(options))
        .isInstanceOf(EmulatorException.class)
        .hasMessageContaining("none.jar");
  }

  private static Path fakeEmulatorsDir(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("dynamodb-local"));
    Files.createFile(dir.resolve("s3mock-exec.jar"));
    return dir;
  }
}
