package io.agentsessions.local.emulator;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Injects the {@link SharedEmulators} into test constructors, lifecycle methods and test methods
 * as {@link Emulators}, {@link AwsEndpoints}, {@link DynamoDbClient} or {@link S3Client}. The
 * clients are shared: do not close them.
 *
 * <pre>{@code
 * @ExtendWith(SharedEmulatorsExtension.class)
 * class SessionStoreIT {
 *   SessionStoreIT(DynamoDbClient dynamoDb, AwsEndpoints endpoints) { ... }
 * }
 * }</pre>
 */
public final class SharedEmulatorsExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Emulators.class
        || type == AwsEndpoints.class
        || type == DynamoDbClient.class
        || type == S3Client.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    Emulators emulators = SharedEmulators.get();
    if (type == AwsEndpoints.class) {
      return emulators.endpoints();
    }
    if (type == DynamoDbClient.class) {
      return emulators.dynamoDb();
    }
    if (type == S3Client.class) {
      return emulators.s3();
    }
    return emulators;
  }
}
