package io.agentsessions.local.it;

import io.agentsessions.local.emulator.AwsEndpoints;
import org.testcontainers.junit.jupiter.Testcontainers;

/** Large items, archive and faults on LocalStack; runs only where a Docker engine exists. */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackLargeItemsAndArchiveIT extends LargeItemsAndArchiveContract {
    @Override
    protected AwsEndpoints backend() {
        return Backends.localStack();
    }
}
