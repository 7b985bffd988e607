package io.agentsessions.local.it;

import io.agentsessions.core.session.dynamodb.DynamoDbSessionStore;
import io.agentsessions.core.session.dynamodb.SessionTable;
import io.agentsessions.local.emulator.AwsEndpoints;
import io.agentsessions.local.emulator.SharedEmulators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The AWS back ends the integration suites run against: DynamoDB Local and S3Mock (always), and
 * LocalStack through Testcontainers where a Docker engine exists. Each gets one session table per
 * test JVM, created the way the SAM template declares it.
 */
public final class Backends {
    /** Pinned: {@code latest} needs an auth token. */
    public static final DockerImageName LOCALSTACK_IMAGE = DockerImageName.parse("localstack/localstack:3.8.1");
    public static final String TABLE = "sessions-it";

    private static final Map<String, DynamoDbClient> CLIENTS = new ConcurrentHashMap<>();
    private static LocalStackContainer localStack;

    private Backends() {
    }

    /** DynamoDB Local and S3Mock, shared by all test classes of the JVM. */
    public static AwsEndpoints emulators() {
        return SharedEmulators.endpoints();
    }

    /** LocalStack, started on first use; callers are annotated {@code @Testcontainers(disabledWithoutDocker = true)}. */
    public static synchronized AwsEndpoints localStack() {
        if (localStack == null) {
            LocalStackContainer container = new LocalStackContainer(LOCALSTACK_IMAGE)
                    .withServices(Service.DYNAMODB, Service.S3);
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "localstack-stop"));
            localStack = container;
        }
        return new AwsEndpoints(localStack.getEndpoint(), localStack.getEndpoint());
    }

    /** A DynamoDB client of the back end, with the session table created. */
    public static DynamoDbClient dynamoDb(AwsEndpoints endpoints) {
        return CLIENTS.computeIfAbsent(endpoints.dynamoDb().toString(), key -> {
            DynamoDbClient client = endpoints.newDynamoDbClient();
            SessionTable.createIfMissing(client, TABLE);
            return client;
        });
    }

    public static final String BUCKET = "sessions-it-blobs";
    private static final Map<String, software.amazon.awssdk.services.s3.S3Client> S3_CLIENTS = new ConcurrentHashMap<>();

    /** An S3 client of the back end, with the test bucket created. */
    public static software.amazon.awssdk.services.s3.S3Client s3(AwsEndpoints endpoints) {
        return S3_CLIENTS.computeIfAbsent(endpoints.s3().toString(), key -> {
            var client = endpoints.newS3Client();
            try {
                client.createBucket(r -> r.bucket(BUCKET));
            } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException
                     | software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException exists) {
                // created by an earlier test class of this JVM
            }
            return client;
        });
    }

    /** A session store on the back end's table. */
    public static DynamoDbSessionStore store(AwsEndpoints endpoints) {
        return DynamoDbSessionStore.builder().dynamoDb(dynamoDb(endpoints)).tableName(TABLE).build();
    }
}
