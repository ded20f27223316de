package io.pegasus.chaos.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.ErrorCode;
import io.pegasus.chaos.ClusterSession;
import io.pegasus.chaos.cluster.NodeProcess;
import io.pegasus.chaos.cluster.ProcessCluster;
import io.pegasus.chaos.workload.Workload;
import io.pegasus.data.Bytes;
import io.pegasus.data.PartitionHash;
import io.pegasus.data.StoredKey;
import io.pegasus.rpc.RequestMeta;
import io.pegasus.rpc.RpcNames;
import io.pegasus.rpc.client.RpcClient;
import io.pegasus.rpc.client.RpcResponse;
import io.pegasus.rpc.codec.Args;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.read_response;
import io.pegasus.thrift.update_request;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 5: a primary paused (SIGSTOP) past its lease and past the MetaServer's grace period, while a new primary takes
 * over, neither serves a read nor commits a write when it wakes up: a read and a write that queued up in its socket
 * while it was paused, and a read and a write sent to it afterwards, are all refused, and the value the new primary
 * wrote is what every replica holds in the end.
 */
class PausedPrimaryIT {
    private static final Logger LOG = LoggerFactory.getLogger(PausedPrimaryIT.class);
    private static final int CALL_TIMEOUT_MS = 60_000;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void pausedPrimaryNeitherServesNorCommitsAfterANewPrimaryExists() throws Exception {
        List<String> failures = new ArrayList<>();
        try (ClusterSession s = ClusterTests.start("paused-primary", 1, 4, 7);
                RpcClient raw = new RpcClient()) {
            ProcessCluster c = s.cluster();
            int appId = c.queryConfig(ClusterSession.TABLE).getApp_id();
            // background writers on every partition, so the failover happens under load
            Workload w = s.workload(new Workload.Options(3, 12, 0, 10, 7));
            w.start();
            String key = keyInPartition(s, 0);
            s.table().withTimeout(30_000).set(Bytes.utf8(key), Bytes.utf8("v"), Bytes.utf8("before-pause"));

            NodeProcess old = c.primaryOf(ClusterSession.TABLE, 0).orElseThrow();
            InetSocketAddress oldAddress = new InetSocketAddress(old.host(), old.port());
            RpcResponse warm = get(raw, oldAddress, appId, key).get(10, TimeUnit.SECONDS);
            assertThat(warm.error()).as("the primary serves before the pause").isEqualTo(ErrorCode.ERR_OK);

            old.pause();
            long pausedAt = System.nanoTime();
            // these wait in the paused process's socket
            CompletableFuture<RpcResponse> queuedGet = get(raw, oldAddress, appId, key);
            CompletableFuture<RpcResponse> queuedPut = put(raw, oldAddress, appId, key, "from-paused-primary");

            NodeProcess next = awaitOtherPrimary(s, old, Duration.ofSeconds(30));
            double takeover = (System.nanoTime() - pausedAt) / 1e9;
            LOG.info(
                    "FIGURE pause: {} is primary of partition 0 {} s after {} was paused",
                    next.name(),
                    takeover,
                    old.name());
            // straight to the new primary: the client's routing may still name the paused one, and a paused server
            // holds every request sent to it until the client's timeout
            writeUntilAcknowledged(
                    raw, new InetSocketAddress(next.host(), next.port()), appId, key, "from-new-primary");
            old.resume();

            RpcResponse g = queuedGet.get(30, TimeUnit.SECONDS);
            LOG.info("read queued while paused: {}", g.error());
            assertThat(g.error()).as("a read that waited out the pause").isEqualTo(ErrorCode.ERR_INVALID_STATE);
            Optional<RpcResponse> p = answer(queuedPut, 15);
            LOG.info("write queued while paused: {}", p.map(RpcResponse::error).orElse(null));
            assertThat(p.map(RpcResponse::error))
                    .as("a write that waited out the pause is not acknowledged")
                    .isNotEqualTo(Optional.of(ErrorCode.ERR_OK));
            assertThat(get(raw, oldAddress, appId, key)
                            .get(30, TimeUnit.SECONDS)
                            .error())
                    .as("a read sent to the old primary after it woke up")
                    .isEqualTo(ErrorCode.ERR_INVALID_STATE);
            Optional<RpcResponse> late = answer(put(raw, oldAddress, appId, key, "after-wake-up"), 15);
            assertThat(late.map(RpcResponse::error))
                    .as("a write sent to the old primary after it woke up")
                    .isNotEqualTo(Optional.of(ErrorCode.ERR_OK));

            assertThat(s.table().withTimeout(10_000).get(Bytes.utf8(key), Bytes.utf8("v")))
                    .as("the new primary's write stands")
                    .isEqualTo(Bytes.utf8("from-new-primary"));
            c.awaitHealthy(ClusterSession.TABLE, Duration.ofSeconds(60));
            w.stop();
            Map<String, String> finals = s.finalReads(w.keysUsed(), failures);
            s.checkHistory(finals, failures);
            assertThat(failures).isEmpty();
            s.stopAndCompareReplicas(failures);
            assertThat(failures).isEmpty();
        }
        ProcessCluster.deleteTree(ClusterTests.dir("paused-primary"));
    }

    /** A key of the register workload's shape (sort key "v") that lives in the partition, outside the workload's keys. */
    private static String keyInPartition(ClusterSession s, int partition) {
        for (int i = 0; ; i++) {
            String k = "paused" + i;
            if (s.partitionOf(k) == partition) {
                return k;
            }
        }
    }

    private static NodeProcess awaitOtherPrimary(ClusterSession s, NodeProcess old, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            Optional<NodeProcess> p = s.cluster().primaryOf(ClusterSession.TABLE, 0);
            if (p.isPresent() && p.get() != old) {
                return p.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no new primary for partition 0 within " + timeout);
    }

    /** The new primary answers ERR_INVALID_STATE until it has reconciled and the MetaServer confirmed it. */
    private static void writeUntilAcknowledged(RpcClient raw, InetSocketAddress to, int appId, String key, String value)
            throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        ErrorCode last = null;
        while (System.nanoTime() < end) {
            last = put(raw, to, appId, key, value)
                    .get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .error();
            if (last == ErrorCode.ERR_OK) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the new primary did not acknowledge a write within 30 s: " + last);
    }

    private static Optional<RpcResponse> answer(CompletableFuture<RpcResponse> f, int seconds) throws Exception {
        try {
            return Optional.of(f.get(seconds, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            return Optional.empty(); // never answered: the write's outcome is unknown to its client, never "done"
        }
    }

    private static byte[] stored(String key) {
        return StoredKey.encode(Bytes.utf8(key), Bytes.utf8("v"));
    }

    private static CompletableFuture<RpcResponse> get(RpcClient raw, InetSocketAddress to, int appId, String key) {
        byte[] k = stored(key);
        return raw.connection(to)
                .call(
                        RpcNames.GET,
                        RequestMeta.forPartition(appId, 0, CALL_TIMEOUT_MS, PartitionHash.ofStoredKey(k)),
                        Args.blob(k),
                        CALL_TIMEOUT_MS);
    }

    private static CompletableFuture<RpcResponse> put(
            RpcClient raw, InetSocketAddress to, int appId, String key, String value) {
        byte[] k = stored(key);
        return raw.connection(to)
                .call(
                        RpcNames.PUT,
                        RequestMeta.forPartition(appId, 0, CALL_TIMEOUT_MS, PartitionHash.ofStoredKey(k)),
                        Args.struct(new update_request(new blob(k), new blob(Bytes.utf8(value)), 0)),
                        CALL_TIMEOUT_MS);
    }

    @SuppressWarnings("unused")
    private static String value(RpcResponse r) throws Exception {
        read_response rr = r.readResult(new read_response());
        return rr.getError() == 0 ? new String(rr.getValue().data(), java.nio.charset.StandardCharsets.UTF_8) : null;
    }
}
