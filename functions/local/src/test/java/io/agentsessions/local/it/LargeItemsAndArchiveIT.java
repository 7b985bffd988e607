package io.agentsessions.local.it;

import io.agentsessions.local.emulator.AwsEndpoints;

/** Large items, archive and faults on DynamoDB Local and S3Mock. */
class LargeItemsAndArchiveIT extends LargeItemsAndArchiveContract {
    @Override
    protected AwsEndpoints backend() {
        return Backends.emulators();
    }
}
