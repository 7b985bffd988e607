package io.agentsessions.local.bench;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;

/** Sums the DynamoDB capacity the store reports, split into reads and writes. */
final class CapacityMeter {
    private final DoubleAdder reads = new DoubleAdder();
    private final DoubleAdder writes = new DoubleAdder();
    private final LongAdder calls = new LongAdder();

    void record(ConsumedCapacity capacity) {
        calls.increment();
        double read = capacity.readCapacityUnits() == null ? 0 : capacity.readCapacityUnits();
        double write = capacity.writeCapacityUnits() == null ? 0 : capacity.writeCapacityUnits();
        if (read == 0 && write == 0 && capacity.capacityUnits() != null) {
            // Some responses only give the total; attribute it by the kind of call later if needed.
            read = capacity.capacityUnits();
        }
        reads.add(read);
        writes.add(write);
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
