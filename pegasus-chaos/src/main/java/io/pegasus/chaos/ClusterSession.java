package io.pegasus.chaos;

import io.pegasus.chaos.check.Convergence;
import io.pegasus.chaos.check.LostWriteCheck;
import io.pegasus.chaos.cluster.ClusterSpec;
import io.pegasus.chaos.cluster.NodeProcess;
import io.pegasus.chaos.cluster.ProcessCluster;
import io.pegasus.chaos.net.Network;
import io.pegasus.chaos.workload.HistoryFiles;
import io.pegasus.chaos.workload.HistoryRecorder;
import io.pegasus.chaos.workload.HistoryStats;
import io.pegasus.chaos.workload.PlannedOp;
import io.pegasus.chaos.workload.RegisterOps;
import io.pegasus.chaos.workload.Workload;
import io.pegasus.client.ClientOptions;
import io.pegasus.client.PegasusClient;
import io.pegasus.client.PegasusException;
import io.pegasus.client.PegasusTable;
import io.pegasus.data.Bytes;
import io.pegasus.thrift.partition_configuration;
import io.pegasus.thrift.query_cfg_response;
import io.pegasus.thrift.rpc_address;
import io.pegasus.verify.CheckResult;
import io.pegasus.verify.LinearizabilityChecker;
import io.pegasus.verify.Op;
import io.pegasus.verify.OpStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running {@link ProcessCluster} with one table, a client, the history its operations go into, and the checks every
 * run ends with: final reads, "no acknowledged write lost", the history check, and whether the replicas converged.
 * What the schedules ({@link ChaosRun}) and the issue-5 cluster tests share.
 */
public final class ClusterSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSession.class);
    public static final String TABLE = "chaos";
    /** Process ids of the final reads: far from any client's. */
    private static final int FINAL_READER = 1 << 30;
    /** Time the linearizability search may take over a whole history. */
    public static final Duration CHECK_BUDGET = Duration.ofSeconds(60);

    private static final int WARM_UP_TIMEOUT_MS = 60_000;

    private final ProcessCluster cluster;
    private final int partitions;
    private final PegasusClient client;
    private final PegasusTable table;
    private final HistoryRecorder history;

    private ClusterSession(ProcessCluster cluster, int partitions, PegasusClient client, PegasusTable table) {
        this.cluster = cluster;
        this.partitions = partitions;
        this.client = client;
        this.table = table;
        this.history = new HistoryRecorder(System::nanoTime);
    }

    /**
     * Starts the cluster, creates the table (3 replicas per partition) and opens it.
     *
     * @param clientTimeoutMs the clients' operation timeout
     */
    public static ClusterSession start(
            ClusterSpec spec, Network network, Path root, int partitions, int clientTimeoutMs) throws Exception {
        ProcessCluster cluster = ProcessCluster.start(spec, network, root);
        PegasusClient client = null;
        try {
            cluster.createTable(TABLE, partitions, 3, Duration.ofSeconds(120));
            client = PegasusClient.create(ClientOptions.builder()
                    .metaServers(cluster.metaServerList())
                    .operationTimeoutMs(clientTimeoutMs)
                    .build());
            PegasusTable table = client.openTable(TABLE);
            awaitServing(table, partitions);
            return new ClusterSession(cluster, partitions, client, table);
        } catch (Exception | Error e) {
            if (client != null) {
                client.close();
            }
            cluster.close();
            throw e;
        }
    }

    /**
     * Writes one key (outside the workload's) into every partition, patiently: the MetaServer shows a new table
     * healthy as soon as each partition has its members, but a primary serves only once it reconciled and the
     * MetaServer confirmed it, which on a loaded machine can outlast a client's 3 s timeout. Tests start from here.
     */
    private static void awaitServing(PegasusTable table, int partitions) throws PegasusException {
        PegasusTable patient = table.withTimeout(WARM_UP_TIMEOUT_MS);
        for (int p = 0; p < partitions; p++) {
            String key = null;
            for (int i = 0; key == null; i++) {
                if (RegisterOps.partitionOf("warm-up-" + i, partitions) == p) {
                    key = "warm-up-" + i;
                }
            }
            patient.set(Bytes.utf8(key), Bytes.utf8("v"), Bytes.utf8("1"));
        }
    }

    public ProcessCluster cluster() {
        return cluster;
    }

    public PegasusTable table() {
        return table;
    }

    public HistoryRecorder history() {
        return history;
    }

    public int partitions() {
        return partitions;
    }

    public int partitionOf(String key) {
        return RegisterOps.partitionOf(key, partitions);
    }

    public Workload workload(Workload.Options options) {
        return new Workload(table, history, options);
    }

    /**
     * Reads every key once more (recorded in the history, so the history check covers them), after the faults are
     * healed. A read is tried up to three times with a 10 s timeout; a key that cannot be read is a failure.
     */
    public Map<String, String> finalReads(List<String> keys, List<String> failures) {
        Map<String, String> values = new LinkedHashMap<>();
        PegasusTable patient = table.withTimeout(10_000);
        int process = FINAL_READER;
        for (String key : keys) {
            Op op = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                op = RegisterOps.execute(patient, process++, PlannedOp.get(key), history);
                if (op.status() == OpStatus.OK) {
                    break;
                }
            }
            if (op.status() == OpStatus.OK) {
                values.put(key, op.readValue());
            } else {
                failures.add("final read of " + key + " failed three times after every fault was healed");
            }
        }
        return values;
    }

    /**
     * "No acknowledged write lost" on the final values, and the linearizability of the whole history (the final reads
     * included) within {@link #CHECK_BUDGET}; adds failures. A search that runs out of its budget is a failure too.
     */
    public CheckResult checkHistory(Map<String, String> finalValues, List<String> failures) {
        List<Op> ops = history.snapshot();
        HistoryFiles.write(cluster.root().resolve("history.tsv"), ops);
        LOG.info("history: {}", HistoryStats.of(ops));
        List<LostWriteCheck.Violation> lost = LostWriteCheck.check(ops, finalValues);
        for (LostWriteCheck.Violation v : lost) {
            failures.add("acknowledged write lost on key " + v.key() + " (final value " + v.finalValue() + "): "
                    + v.explanation());
        }
        LOG.info(
                "history: {} operations, {} keys checked, {} lost-write violations",
                ops.size(),
                finalValues.size(),
                lost.size());
        CheckResult lin = new LinearizabilityChecker().check(ops, CHECK_BUDGET);
        LOG.info("linearizability: {}", lin.describe());
        if (!lin.linearizable()) {
            failures.add("history not linearizable: " + lin.describe());
        }
        return lin;
    }

    /**
     * Lets the secondaries learn the last commit point (a group check carries it), stops the cluster cleanly and
     * compares every partition's members' RocksDB contents. Adds a failure per partition whose members differ.
     */
    public List<Convergence.PartitionDigests> stopAndCompareReplicas(List<String> failures) throws Exception {
        long groupCheck =
                Long.parseLong(cluster.spec().settings().getOrDefault("replica.group_check_interval_ms", "10000"));
        Thread.sleep(2 * groupCheck + 1000);
        query_cfg_response config = cluster.queryConfig(TABLE);
        List<List<String>> members = new ArrayList<>();
        for (partition_configuration p : config.getPartitions()) {
            List<String> m = new ArrayList<>();
            if (p.getPrimary() != null && !p.getPrimary().isInvalid()) {
                m.add(p.getPrimary().toString());
            }
            for (rpc_address s : p.getSecondaries()) {
                m.add(s.toString());
            }
            members.add(m);
        }
        cluster.stopAll();
        Map<String, Path> dataDirs = new HashMap<>();
        for (NodeProcess r : cluster.replicas()) {
            dataDirs.put(r.address(), r.dataDir());
        }
        List<Convergence.PartitionDigests> digests = Convergence.digests(config.getApp_id(), members, dataDirs);
        for (Convergence.PartitionDigests d : digests) {
            if (!d.converged()) {
                failures.add("replicas of partition " + d.partition() + " differ: " + d.byMember());
            }
        }
        LOG.info("replica contents: {}", digests);
        return digests;
    }

    @Override
    public void close() {
        client.close();
        cluster.close();
    }
}
