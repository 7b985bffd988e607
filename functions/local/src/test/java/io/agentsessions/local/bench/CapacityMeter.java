package io.agentsessions.local.bench;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import io.agentsessions.core.session.dynamodb.DynamoDbSessionStore;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;

/** Sums the DynamoDB capacity the store reports, split into reads and writes. */
final class CapacityMeter {
    private final DoubleAdder reads = new DoubleAdder();
    private final DoubleAdder writes = new DoubleAdder();
    private final LongAdder calls = new LongAdder();

    void record(String operation, ConsumedCapacity capacity) {
        calls.increment();
        // DynamoDB Local often reports only the total: attribute it by the kind of call.
        double total = capacity.capacityUnits() == null ? 0 : capacity.capacityUnits();
        if (DynamoDbSessionStore.CapacityListener.isWrite(operation)) {
            writes.add(total);
        } else {
            reads.add(total);
        }
    }

    Snapshot snapshot() {
        return new Snapshot(reads.sum(), writes.sum(), calls.sum());
    }

    record Snapshot(double reads, double writes, long calls) {
        Snapshot minus(Snapshot earlier) {
            return new Snapshot(reads - earlier.reads, writes - earlier.writes, calls - earlier.calls);
        }
    }
}
