package io.pegasus.server.replication.bench;

import io.pegasus.base.ErrorCode;
import io.pegasus.server.replication.Mutation;
import io.pegasus.server.replication.NodeId;
import io.pegasus.server.replication.PartitionConfig;
import io.pegasus.server.replication.Replica;
import io.pegasus.server.replication.ReplicaAction;
import io.pegasus.server.replication.ReplicaEvent;
import io.pegasus.server.replication.ReplicaMessage;
import io.pegasus.server.replication.ReplicaOptions;
import io.pegasus.server.replication.Role;
import io.pegasus.server.replication.WritePayload;
import io.pegasus.server.replication.WriteRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * CPU cost of the primary's state machine per replicated write (no IO): client write, own log completion, one
 * acknowledgement per secondary, commit. {@code writesPerRound} writes arrive before their acknowledgements, as with
 * concurrent clients, so the pipeline and batching are exercised.
 *
 * <p>Run: {@code java -cp <test classpath> org.openjdk.jmh.Main PrimaryWritePathBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PrimaryWritePathBenchmark {

    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");
    private static final NodeId N3 = NodeId.of("n3");

    private record Payload(int sizeBytes) implements WritePayload {}

    @Param({"1", "16", "64"})
    public int writesPerRound;

    private Replica primary;
    private long nextRequest;

    @Setup
    public void setUp() {
        PartitionConfig config = PartitionConfig.of(1, N1, N2, N3);
        primary = Replica.create(N1, ReplicaOptions.defaults());
        primary.handle(new ReplicaEvent.LeaseRenewed());
        primary.handle(new ReplicaEvent.ConfigUpdate(config));
        for (NodeId s : config.secondaries()) {
            primary.handle(new ReplicaEvent.MessageReceived(
                    s, new ReplicaMessage.GroupCheckReply(1, ErrorCode.ERR_OK, Role.SECONDARY, 0, 0, 0)));
        }
        primary.handle(new ReplicaEvent.ConfigQueryReply(1, config));
        if (!primary.status().serving()) {
            throw new IllegalStateException("primary not serving");
        }
    }

    /** One round: {@code writesPerRound} writes in, then their mutations logged and acknowledged, all committed. */
    @Benchmark
    public void replicateRound(Blackhole bh) {
        Payload payload = new Payload(1024);
        List<Mutation> proposed = new ArrayList<>(writesPerRound);
        for (int i = 0; i < writesPerRound; i++) {
            for (ReplicaAction a : primary.handle(
                    new ReplicaEvent.ClientWrite(new WriteRequest(nextRequest++, payload), nextRequest))) {
                if (a instanceof ReplicaAction.AppendToLog append) {
                    proposed.add(append.mutation());
                }
            }
        }
        for (Mutation m : proposed) {
            bh.consume(primary.handle(new ReplicaEvent.LogAppended(m.ballot(), m.decree())));
            bh.consume(primary.handle(new ReplicaEvent.MessageReceived(
                    N2, new ReplicaMessage.PrepareAck(1, m.ballot(), m.decree(), ErrorCode.ERR_OK))));
            bh.consume(primary.handle(new ReplicaEvent.MessageReceived(
                    N3, new ReplicaMessage.PrepareAck(1, m.ballot(), m.decree(), ErrorCode.ERR_OK))));
        }
        if (primary.status().committedDecree() != primary.status().preparedDecree()) {
            throw new IllegalStateException("round did not commit");
        }
    }
}
