package io.pegasus.client;

import io.pegasus.data.PartitionHash;
import io.pegasus.rpc.client.RpcConnection;
import io.pegasus.thrift.partition_configuration;
import io.pegasus.thrift.query_cfg_response;
import io.pegasus.thrift.rpc_address;
import java.net.InetSocketAddress;
import java.util.function.Function;

/**
 * One immutable snapshot of a table's partition configuration (spec 3.1, 7.1): table id, partition count and, per
 * partition, its ballot and primary. Requests are routed by {@code hash mod partitionCount} (unsigned, spec 5.5); a
 * partition with a negative ballot is a child of an unfinished partition split and its requests go to the parent
 * {@code index - partitionCount / 2}.
 *
 * <p>A snapshot is replaced as a whole on refresh; "has the routing changed since this request was sent" is an
 * identity comparison of snapshots. The connection to each primary is looked up once here, so the per-request path
 * does no map lookup.
 */
final class TableRouting {
    private final String table;
    private final int appId;
    private final int partitionCount;
    private final long[] ballots;
    private final InetSocketAddress[] primaries;
    private final String[] primaryNames;
    private final RpcConnection[] connections;

    private TableRouting(
            String table,
            int appId,
            long[] ballots,
            InetSocketAddress[] primaries,
            Function<InetSocketAddress, RpcConnection> connect) {
        this.table = table;
        this.appId = appId;
        this.partitionCount = ballots.length;
        this.ballots = ballots;
        this.primaries = primaries;
        this.primaryNames = new String[primaries.length];
        this.connections = new RpcConnection[primaries.length];
        for (int i = 0; i < primaries.length; i++) {
            if (primaries[i] != null) {
                primaryNames[i] = primaries[i].getHostString() + ":" + primaries[i].getPort();
                connections[i] = connect.apply(primaries[i]);
            }
        }
    }

    /**
     * Builds a snapshot from an ERR_OK query-config answer.
     *
     * @param connect the connection to use for a primary (may return null in tests without network)
     * @throws IllegalArgumentException when the answer is inconsistent (no partitions, an index out of range)
     */
    static TableRouting from(String table, query_cfg_response r, Function<InetSocketAddress, RpcConnection> connect) {
        int count = r.getPartition_count();
        if (count <= 0) {
            throw new IllegalArgumentException("table " + table + ": partition count " + count);
        }
        if (r.getApp_id() <= 0) {
            throw new IllegalArgumentException("table " + table + ": table id " + r.getApp_id());
        }
        long[] ballots = new long[count];
        InetSocketAddress[] primaries = new InetSocketAddress[count];
        boolean[] seen = new boolean[count];
        if (r.getPartitions() != null) {
            for (partition_configuration pc : r.getPartitions()) {
                int index = pc.getPid() == null ? -1 : pc.getPid().partitionIndex();
                if (index < 0 || index >= count) {
                    throw new IllegalArgumentException(
                            "table " + table + ": partition index " + index + " outside [0, " + count + ")");
                }
                seen[index] = true;
                ballots[index] = pc.getBallot();
                rpc_address p = pc.getPrimary();
                primaries[index] = p == null || p.isInvalid() ? null : new InetSocketAddress(p.ip(), p.port());
            }
        }
        for (int i = 0; i < count; i++) {
            if (!seen[i]) {
                ballots[i] = 0;
                primaries[i] = null;
            }
        }
        return new TableRouting(table, r.getApp_id(), ballots, primaries, connect);
    }

    String table() {
        return table;
    }

    int appId() {
        return appId;
    }

    int partitionCount() {
        return partitionCount;
    }

    long ballot(int partitionIndex) {
        return ballots[partitionIndex];
    }

    /** The partition serving {@code hash}: unsigned modulo, redirected to the parent of an unfinished split child. */
    int partitionIndex(long hash) {
        int index = PartitionHash.partitionIndex(hash, partitionCount);
        if (ballots[index] < 0 && partitionCount > 1) {
            index -= partitionCount / 2;
        }
        return index;
    }

    /** The primary of a partition, or null when it has none. */
    InetSocketAddress primary(int partitionIndex) {
        return primaries[partitionIndex];
    }

    /** "ip:port" of the primary, or null. */
    String primaryName(int partitionIndex) {
        return primaryNames[partitionIndex];
    }

    /** The connection to the primary of a partition, or null when it has none. */
    RpcConnection connection(int partitionIndex) {
        return connections[partitionIndex];
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder()
                .append(table)
                .append(" (id ")
                .append(appId)
                .append(", ")
                .append(partitionCount)
                .append(" partitions):");
        for (int i = 0; i < partitionCount; i++) {
            sb.append(' ').append(i).append('@').append(ballots[i]).append('=').append(primaryNames[i]);
        }
        return sb.toString();
    }
}
