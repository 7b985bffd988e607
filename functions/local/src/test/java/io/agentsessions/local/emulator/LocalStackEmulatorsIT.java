package io.agentsessions.local.emulator;

import java.net.URI;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The storage contract against LocalStack, as a cross-check of the emulators. Runs only where
 * Docker is available (not on CI here): without it the class is reported as skipped.
 *
 * <p>The image is pinned: the moving "latest" tag of LocalStack now needs an auth token.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackEmulatorsIT extends StorageRoundTripContract {

  static final DockerImageName LOCALSTACK_IMAGE =
      DockerImageName.parse("localstack/localstack:3.8.1");

  @Container
  static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer(LOCALSTACK_IMAGE).withServices(Service.DYNAMODB, Service.S3);

  @Override
  protected AwsEndpoints endpoints() {
    URI endpoint = LOCALSTACK.getEndpoint();
    return new AwsEndpoints(endpoint, endpoint);
  }
}
